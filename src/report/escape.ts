/** Text made safe to place in HTML or SVG, inside elements or attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A number for SVG coordinates: at most two decimals, no trailing zeros. */
export function svgNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}
