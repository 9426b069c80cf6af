// tex.mjs — typesets the engine's LaTeX with KaTeX, in one of two outputs:
// 'html' (KaTeX's own boxes and fonts; the page, which loads katex.min.css)
// or 'mathml' (MathML Core, drawn by the browser with its math font). The
// embeds use 'mathml': it needs no stylesheet or font files inside a shadow
// root, and no inline style attributes, so it renders under a strict
// Content-Security-Policy without style-src 'unsafe-inline'.
// Deliberately not: composing any formula (the engine returns the LaTeX).
import katex from 'katex';

export const MATH_OUTPUTS = Object.freeze(['html', 'mathml']);

/**
 * HTML text of `latex` typeset in display mode; `math` is 'html' or 'mathml'.
 * {breakable: true} typesets it inline instead, so a long line (a formula
 * with large numbers substituted) wraps after its = and + signs.
 */
export function texToHtml(latex, math = 'html', { breakable = false } = {}) {
  return katex.renderToString(latex, {
    displayMode: !breakable,
    throwOnError: false,
    output: math === 'mathml' ? 'mathml' : 'htmlAndMathml',
  });
}
