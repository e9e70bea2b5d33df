/**
 * The playground's colours: class 0 and negative weights orange, class 1 and positive weights
 * blue (TensorFlow Playground's convention, which learners already know), white in between.
 */
export const ORANGE: readonly [number, number, number] = [245, 147, 34];
export const BLUE: readonly [number, number, number] = [8, 119, 189];
const MIDDLE: readonly [number, number, number] = [236, 238, 240];

/** t in [0, 1] (clamped): 0 orange, ½ white, 1 blue. */
export function diverging(t: number): [number, number, number] {
  const c = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  const [from, to, s] = c < 0.5 ? [ORANGE, MIDDLE, c * 2] : [MIDDLE, BLUE, (c - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * s)) as [number, number, number];
}

export function rgb([r, g, b]: readonly number[], alpha = 1): string {
  return alpha === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha})`;
}

/** Paints g × g values into a canvas, mapping [lo, hi] onto the diverging scale. */
export function paintGrid(canvas: HTMLCanvasElement, values: ArrayLike<number>, g: number, lo: number, hi: number): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  const image = new ImageData(g, g);
  for (let i = 0; i < g * g; i++) {
    const [r, gr, b] = diverging((values[i] - lo) / (hi - lo));
    image.data[4 * i] = r;
    image.data[4 * i + 1] = gr;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  const scratch = scratchCanvas(g);
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

const scratches = new Map<number, HTMLCanvasElement>();
function scratchCanvas(g: number): HTMLCanvasElement {
  let canvas = scratches.get(g);
  if (canvas === undefined) {
    canvas = document.createElement('canvas');
    canvas.width = g;
    canvas.height = g;
    scratches.set(g, canvas);
  }
  return canvas;
}
