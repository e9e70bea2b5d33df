import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * KaTeX, and the walk through formulas 1–7 (which brings the library's reference kernel for
 * the update step), loaded only when the backprop stepper first opens (a dynamic import), so
 * the first render of the page does not wait for them. MathML goes with the HTML for screen readers.
 */
export { walk } from './steps.ts';

export function renderTex(element: HTMLElement, tex: string): void {
  katex.render(tex, element, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
}
