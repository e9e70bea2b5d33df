import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * KaTeX, loaded only when the backprop stepper first opens (a dynamic import), so the first
 * render of the page does not wait for it. MathML goes with the HTML for screen readers.
 */
export function renderTex(element: HTMLElement, tex: string): void {
  katex.render(tex, element, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
}
