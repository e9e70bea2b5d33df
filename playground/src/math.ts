import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * KaTeX, and the walk through formulas 1–7 (which brings the library's reference kernel for
 * the update step), loaded only when the backprop stepper first opens (a dynamic import), so
 * the first render of the page does not wait for them. MathML goes with the HTML for screen readers.
 */
export { walk } from './steps.ts';
export { CorrelationPlayer } from './views/correlation.ts';

/**
 * Display-sized formulas set in inline mode: KaTeX breaks an inline formula after a top-level
 * relation or operator (=, +, ⊙) where the line ends, and never breaks a display one, which
 * made long steps wider than their column.
 */
export function renderTex(element: HTMLElement, tex: string): void {
  // `, \quad` separates the parts of a step: a place to break the line as well.
  const breakable = tex.replace(/,\s*\\q?quad\b/g, (separator) => `${separator}\\allowbreak `);
  katex.render(`\\displaystyle ${breakable}`, element, { displayMode: false, throwOnError: false, output: 'htmlAndMathml' });
}
