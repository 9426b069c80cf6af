// format.mjs — number formatting for labels, summaries and CSV: compact
// scientific notation for gradient norms, fixed digits for losses, and
// thousands separators for parameter counts.
// Deliberately computes nothing: it only turns the engine's numbers into text.

const thin = '\u2009';

/** 12345 -> "12 345" (thin space, readable when projected; no locale surprises). */
export function formatCount(n) {
  if (!Number.isFinite(n)) return String(n);
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, thin);
}

/** A loss or norm with `digits` significant digits; exponent form when tiny or huge. */
export function formatNumber(x, digits = 4) {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return Number(x.toPrecision(digits)).toString();
  return formatExp(x, digits - 1);
}

/** 3.2e-7 -> "3.2×10⁻⁷" (Unicode superscripts; readable by screen readers as text). */
export function formatExp(x, digits = 2) {
  if (!Number.isFinite(x)) return formatNumber(x);
  if (x === 0) return '0';
  const [m, e] = x.toExponential(digits).split('e');
  const mant = Number(m).toString();
  const exp = superscript(Number(e));
  return mant === '1' ? `10${exp}` : `${mant}×10${exp}`;
}

const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
export function superscript(n) {
  return String(n).split('').map((c) => SUP[c] ?? c).join('');
}

/** Power-of-ten axis label: 1e-6 -> "10⁻⁶". */
export function formatPow10(x) {
  if (!(x > 0)) return '';
  const e = Math.round(Math.log10(x));
  if (Math.abs(Math.log10(x) - e) > 1e-6) return '';
  if (e === 0) return '1';
  if (e === 1) return '10';
  return `10${superscript(e)}`;
}

/** Percent with no decimals, e.g. 0.734 -> "73%". */
export function formatPercent(x) {
  if (!Number.isFinite(x)) return '—';
  return `${Math.round(x * 100)}%`;
}
