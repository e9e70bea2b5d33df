import { escapeHtml } from './escape.ts';

/**
 * A greyscale image (MNIST: 28 × 28, ink in [0, 1]) as a small inline SVG, drawn as dark
 * ink on white. Pixels are quantised to 16 grey levels and each level is one path of
 * horizontal runs, so a digit is a few hundred bytes rather than 784 rectangles.
 */
export function digitSvg(pixels: ArrayLike<number>, width: number, height: number, size = 56, title?: string): string {
  if (pixels.length !== width * height) {
    throw new RangeError(`the image has ${pixels.length} pixels; ${width} × ${height} needs ${width * height}`);
  }
  const levels = 16;
  const paths: string[][] = Array.from({ length: levels }, () => []);
  for (let row = 0; row < height; row++) {
    let col = 0;
    while (col < width) {
      const level = quantise(pixels[row * width + col], levels);
      let end = col + 1;
      while (end < width && quantise(pixels[row * width + end], levels) === level) end++;
      if (level > 0) paths[level].push(`M${col} ${row}h${end - col}v1h${col - end}z`);
      col = end;
    }
  }
  const body = paths
    .map((d, level) => (d.length === 0 ? '' : `<path d="${d.join('')}" fill-opacity="${(level / (levels - 1)).toFixed(3)}"/>`))
    .join('');
  const label = title === undefined ? '' : `<title>${escapeHtml(title)}</title>`;
  return (
    `<svg class="digit" viewBox="0 0 ${width} ${height}" width="${size}" height="${size}" shape-rendering="crispEdges" role="img">` +
    `${label}<rect width="${width}" height="${height}" fill="#fff"/><g fill="#111">${body}</g></svg>`
  );
}

function quantise(value: number, levels: number): number {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return Math.round(v * (levels - 1));
}
