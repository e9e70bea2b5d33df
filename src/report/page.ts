import { escapeHtml } from './escape.ts';

/**
 * The frame every report shares: one self-contained HTML page (inline CSS and SVG, no
 * scripts, no external URLs, so it works offline and can be mailed), its style sheet, the
 * colours of the curves, and the table of facts at the top.
 */

export const TEST_COLOR = '#2563eb';
export const VALIDATION_COLOR = '#d97706';
export const TRAINING_COLOR = '#059669';

/** The whole page: `sections` in order; `extraStyle` adds rules for one kind of report. */
export function htmlPage(title: string, sections: readonly string[], extraStyle = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** A two-column table of [name, value] pairs, both escaped. */
export function factsSection(facts: readonly (readonly [string, string])[]): string {
  const rows = facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<section><table class="facts">${rows}</table></section>`;
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1f2937; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1340px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 8px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 18px 22px; margin: 18px 0; overflow-x: auto; }
.muted { color: #6b7280; margin: 0 0 12px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.facts th { text-align: left; font-weight: 600; padding: 2px 24px 2px 0; color: #374151; }
.facts td { padding: 2px 0; overflow-wrap: anywhere; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { max-width: 100%; height: auto; }
.chart-title { font-size: 15px; font-weight: 600; fill: #111827; }
.grid { stroke: #e5e7eb; stroke-width: 1; }
.axis { stroke: #9ca3af; stroke-width: 1; }
.y-label { font-size: 12px; fill: #4b5563; text-anchor: end; dominant-baseline: middle; }
.x-label { font-size: 12px; fill: #4b5563; text-anchor: middle; }
.x-caption { font-size: 12px; fill: #6b7280; text-anchor: middle; }
.legend { font-size: 12px; fill: #374151; dominant-baseline: middle; }
.confusion th, .confusion td { border: 1px solid #e5e7eb; padding: 4px 8px; text-align: right; min-width: 44px; }
.confusion thead th { background: #f9fafb; }
.confusion tbody th { background: #f9fafb; text-align: center; }
.confusion .corner { font-weight: 500; color: #6b7280; font-size: 12px; text-align: left; }
.confusion td.dark { color: #fff; }
.classes th, .classes td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #f0f1f3; }
.classes th[scope="row"] { text-align: left; }
.bar { display: inline-block; width: 120px; height: 8px; background: #eef0f3; border-radius: 4px; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2563eb; }
.digits { display: grid; grid-template-columns: repeat(auto-fill, minmax(72px, 1fr)); gap: 10px; }
figure { margin: 0; text-align: center; }
.digit { display: block; margin: 0 auto; border: 1px solid #e5e7eb; border-radius: 3px; image-rendering: pixelated; }
figcaption { font-size: 13px; }
figcaption .true { color: #15803d; font-weight: 600; }
figcaption .predicted { color: #b91c1c; font-weight: 600; }
/* A phone: narrower margins; a table wider than the screen (a 10-class confusion matrix) scrolls inside its section, never the page. */
@media (max-width: 600px) {
  main { padding: 12px 8px 32px; }
  section { padding: 12px; margin: 12px 0; }
  h1 { font-size: 21px; overflow-wrap: anywhere; }
  .facts th { padding-right: 12px; }
}
`;
