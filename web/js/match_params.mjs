// match_params.mjs — compare mode's "match parameters" (data-testid
// "match-params"): sizes lab B's hidden layer so that B's engine parameter
// count is as close as possible to lab A's, so an RNN, a GRU and an LSTM
// can be compared at equal size. The hidden size is the engine's answer
// (api.matchHidden in B's worker), asked again whenever A's settings (or
// B's other settings) change; setting B's N_h by hand turns matching off.
// The line beside it (data-testid "match-status") shows both counts.
// Deliberately not: counting parameters (every count is the engine's), nor
// writing the URL (B's hidden goes there as vs.hidden like any setting).
import { formatCount } from './format.mjs';

/** The line with both labs' counts ({total, hiddenSize} each; b may be null). Pure. */
export function countsText(a, b, matched) {
  if (!a || !b) return '';
  const line = `A: ${formatCount(a.total)} parameters (N_h = ${a.hiddenSize}) · B: ${formatCount(b.total)} parameters (N_h = ${b.hiddenSize})`;
  if (!matched) return `${line}.`;
  const diff = b.total - a.total;
  const pct = a.total > 0 ? Math.abs((100 * diff) / a.total) : 0;
  const by = diff === 0 ? 'the same count' : `${diff > 0 ? '+' : '−'}${formatCount(Math.abs(diff))} (${pct < 0.1 ? '<0.1' : pct.toFixed(1)} %)`;
  return `${line}: B's N_h is the engine's closest match, ${by}.`;
}

/** True when two configs differ in `hidden` and in nothing else. Pure. */
export function onlyHiddenChanged(before, after) {
  if (!before || !after || before.hidden === after.hidden) return false;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) if (k !== 'hidden' && String(before[k]) !== String(after[k])) return false;
  return true;
}

/**
 * @param {object} o {checkbox, status (element), labs: () => ({a, b}) (createLab objects, b null outside compare mode)}
 * @returns {{refresh(source: 'a'|'b'|'box')}} call after a lab's settings changed
 */
export function createParamMatch({ checkbox, status, labs }) {
  let seq = 0;
  let matchedHidden = null;  // the hidden size the engine gave B last
  let lastB = null;          // B's config at the last refresh

  function render() {
    const { a, b } = labs();
    const on = checkbox.checked && matchedHidden !== null && b && b.config && b.config.hidden === matchedHidden;
    const pa = a && a.paramCount;
    const pb = b && b.paramCount;
    status.textContent = countsText(pa, pb, on);
    status.dataset.a = pa ? String(pa.total) : '';
    status.dataset.b = pb ? String(pb.total) : '';
    status.dataset.matched = String(!!on);
  }

  async function refresh(source) {
    const { a, b } = labs();
    const prev = lastB;
    lastB = b && b.config;
    render();
    if (!checkbox.checked || !a || !b || !a.config || !b.config || !a.paramCount) {
      if (!checkbox.checked) matchedHidden = null;
      return;
    }
    if (source === 'b' && matchedHidden !== null && b.config.hidden !== matchedHidden && onlyHiddenChanged(prev, b.config)) {
      // The reader chose B's N_h: that is no longer a match.
      checkbox.checked = false;
      matchedHidden = null;
      render();
      return;
    }
    const mine = ++seq;
    let r;
    try {
      r = await b.matchHidden(b.config, a.paramCount.total);
    } catch (e) {
      if (e && e.name === 'StaleReply') return;
      if (mine === seq) b.showError(`Could not match the parameter counts: ${e.message}`);
      return;
    }
    if (mine !== seq) return;
    matchedHidden = r.hidden;
    if (b.config && r.hidden !== b.config.hidden) await b.configure({ ...b.config, hidden: r.hidden });  // its change calls refresh('b')
    render();
  }

  checkbox.addEventListener('change', () => refresh('box'));
  return { refresh, render };
}
