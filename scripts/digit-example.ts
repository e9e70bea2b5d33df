// Writes examples/digit-7.png, the image of the README's `nabla predict` example:
// `node --import tsx scripts/digit-example.ts`. MNIST's first test image (a 7), drawn as a
// photo of ink on paper would be: dark strokes on white, four times the size (112 × 112).
// Deterministic, so rerunning it rewrites the same bytes (a test checks).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { loadMnist } from '../src/node/mnist.ts';

export const DIGIT_SCALE = 4;

/** The PNG file's bytes and the digit it shows. */
export async function digitExample(): Promise<{ png: Buffer; label: number }> {
  const { test } = await loadMnist();
  const side = 28;
  const png = new PNG({ width: side * DIGIT_SCALE, height: side * DIGIT_SCALE });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const ink = test.inputs[Math.floor(y / DIGIT_SCALE) * side + Math.floor(x / DIGIT_SCALE)];
      const at = (y * png.width + x) * 4;
      png.data[at] = png.data[at + 1] = png.data[at + 2] = 255 - ink;
      png.data[at + 3] = 255;
    }
  }
  return { png: PNG.sync.write(png, { colorType: 0 }), label: test.labels![0] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { png } = await digitExample();
  writeFileSync(new URL('../examples/digit-7.png', import.meta.url), png);
}
