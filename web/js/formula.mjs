// formula.mjs — the parameter-count panel: the engine's total (the
// `param-count` test hook, with the sizes it was computed for), the cell's
// formula and the same formula with the current sizes substituted, both
// typeset by KaTeX from the LaTeX the engine returns (never composed here),
// the per-tensor breakdown and the PyTorch-convention count.
// Deliberately not: counting anything itself. Every number is the engine's.
import { fromHtml, h, setAttr, setText } from './dom.mjs';
import { texToHtml } from './tex.mjs';
import { formatCount } from './format.mjs';


/**
 * Splits a formula at its top-level " + " and " = " (outside braces and
 * parentheses), each operator starting a piece: "a + b = c" -> ["a", "+ b",
 * "= c"]. Typeset one by one, the pieces wrap like words where MathML
 * cannot break a line (the embeds). Pure: tested in Node.
 */
export function splitTopLevel(latex) {
  const pieces = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < latex.length; k++) {
    const ch = latex[k];
    if (ch === '{' || ch === '(' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ')' || ch === ']') depth -= 1;
    else if (depth === 0 && ch === ' ' && (latex.startsWith(' + ', k) || latex.startsWith(' = ', k)) && k > start) {
      pieces.push(latex.slice(start, k).trim());
      start = k + 1;
    }
  }
  pieces.push(latex.slice(start).trim());
  return pieces.filter(Boolean);
}

/**
 * @param {HTMLElement} container
 * @param {object} [opts] {math: 'html' | 'mathml'} (see tex.mjs)
 */
export function createFormulaView(container, opts = {}) {
  const tex = (latex, o) => texToHtml(latex, opts.math, o);
  // A formula that stays whole at every width: KaTeX's HTML wraps after = and +
  // by itself (inline mode); MathML gets one piece per term, wrapping between them.
  const wrapped = (latex) => (opts.math === 'mathml'
    ? splitTopLevel(latex).map((p, i) => `<span class="rl-formula-piece">${tex(i ? `{}${p}` : p, { breakable: true })}</span>`).join(' ')
    : tex(latex, { breakable: true }));
  const total = h('span', { class: 'rl-bignum', text: '—' });
  const countEl = fromHtml('<div class="rl-param-count" data-testid="param-count" role="status" aria-live="polite"></div>');
  countEl.append(total, h('span', { class: 'rl-bignum-unit', text: ' parameters' }));
  const sizes = h('p', { class: 'rl-sizes' });
  const formulaEl = fromHtml('<div class="rl-formula" data-testid="param-formula"></div>');
  const general = h('div', { class: 'rl-formula-general' });
  const substituted = h('div', { class: 'rl-formula-substituted' });
  formulaEl.append(general, substituted);
  const check = h('p', { class: 'rl-check' });
  const tbody = h('tbody');
  const tfoot = h('tfoot');
  const table = h('table', { class: 'rl-table rl-tensor-table' },
    h('caption', { text: 'Per tensor (the engine\'s names: one bias per gate)' }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'tensor' }),
      h('th', { scope: 'col', text: 'shape' }),
      h('th', { scope: 'col', class: 'rl-num', text: 'count' }))),
    tbody, tfoot);
  const torch = h('p', { class: 'rl-note' });
  const details = h('details', { class: 'rl-breakdown' }, h('summary', { text: 'Per-tensor breakdown and the PyTorch count' }), table, torch);
  container.append(countEl, sizes, formulaEl, check, details);
  let lastKey = '';


  return {
    element: countEl,
    destroy() {},
    /** paramCount from the engine, the config in force and the cell's descriptor (the `configured` message). */
    update(pc, config, cell) {
      setText(total, formatCount(pc.total));
      setAttr(countEl, 'data-value', pc.total);
      setAttr(countEl, 'data-input-size', pc.inputSize);
      setAttr(countEl, 'data-hidden-size', pc.hiddenSize);
      setAttr(countEl, 'data-output-size', pc.outputSize);
      setAttr(countEl, 'aria-label', `${pc.total} parameters`);
      const input = config && config.embed > 0
        ? `N_in = ${pc.inputSize} (embedding of ${config.vocabSize} tokens)`
        : `N_in = ${pc.inputSize} (one-hot over ${config ? config.vocabSize : pc.inputSize} tokens)`;
      const stack = config && config.layers > 1 ? ` · L = ${config.layers} layers` : '';
      setText(sizes, `${cell ? cell.longTitle : ''} · ${input} · N_h = ${pc.hiddenSize}${stack} · N_out = ${pc.outputSize} classes`);
      const key = `${pc.formulaLatex}|${pc.substitutedLatex}`;
      if (key !== lastKey) {
        lastKey = key;
        // A stack's formula has the (L - 1) term: too long for one line, so it wraps like the substituted one.
        const long = config && config.layers > 1;
        general.innerHTML = opts.math === 'mathml' || long ? wrapped(pc.formulaLatex) : tex(pc.formulaLatex);
        general.classList.toggle('rl-formula-general--wrapped', !!long);
        substituted.innerHTML = wrapped(pc.substitutedLatex);
      }
      if (pc.formulaTotal === pc.total) {
        check.className = 'rl-check rl-check--ok';
        setText(check, `✓ The engine's tensors hold ${formatCount(pc.total)} numbers, as the formula says.`);
      } else {
        check.className = 'rl-check rl-check--bad';
        setText(check, `✗ The engine's tensors hold ${formatCount(pc.total)} numbers but the formula gives ${formatCount(pc.formulaTotal)}.`);
      }
      tbody.replaceChildren(...pc.tensors.map((t) => h('tr', {},
        h('td', {}, h('code', { text: t.name })),
        h('td', { class: 'rl-shape', text: t.shape.join(' × ') }),
        h('td', { class: 'rl-num', text: formatCount(t.count) }))));
      tfoot.replaceChildren(h('tr', {},
        h('th', { scope: 'row', colspan: '2', text: 'total' }),
        h('td', { class: 'rl-num', text: formatCount(pc.total) })));
      const module = cell && cell.pytorchModule ? cell.pytorchModule.replace(/^torch\./, '') : '';
      setText(torch, module
        ? `PyTorch's ${module} + nn.Linear keeps two bias vectors per gate (bias_ih and bias_hh) where the course formula has one: ${formatCount(pc.pytorchTotal)} parameters in PyTorch's convention. Exported weights put the sum in bias_ih and zeros in bias_hh, so the function is the same.`
        : `PyTorch has no ${cell ? cell.longTitle : 'such cell'}; counted in its two-bias convention the model would have ${formatCount(pc.pytorchTotal)} parameters.`);
    },
  };
}
