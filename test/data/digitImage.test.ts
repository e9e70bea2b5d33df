import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { DIGIT_BOX, DIGIT_SIZE, prepareDigit, type RgbaImage } from '../../src/data/digitImage.ts';
import { loadMnist } from '../../src/node/mnist.ts';
import { decodePng, readPngDigit } from '../../src/node/png.ts';
import { assertInputError, assertRejectsInputError } from './helpers.ts';

/** Ink coverage in [0, 1] per pixel of a w×h picture, 4×4 supersampled so edges are anti-aliased. */
function drawInk(w: number, h: number, inside: (x: number, y: number) => boolean): Float64Array {
  const ink = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
      ink[y * w + x] = hits / 16;
    }
  }
  return ink;
}

type Rgba = readonly [number, number, number, number];

/**
 * Paints ink over paper: each pixel mixes the two colours (and their alphas) by its ink
 * coverage. (Over transparent paper, give the paper the ink's colour with alpha 0.)
 */
function paint(ink: Float64Array, w: number, h: number, inkColour: Rgba, paper: Rgba): RgbaImage & { data: Uint8Array } {
  const data = new Uint8Array(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    for (let c = 0; c < 4; c++) data[4 * p + c] = Math.round(paper[c] + ink[p] * (inkColour[c] - paper[c]));
  }
  return { width: w, height: h, data };
}

/** A "0": an elliptical ring off-centre in a 200×120 picture. */
const ring = drawInk(200, 120, (x, y) => {
  const r = ((x - 60) / 25) ** 2 + ((y - 70) / 40) ** 2;
  // The hole sits high, so the ring is heavier at the bottom: its centre of mass is not
  // exactly half-way between two pixels, where rounding could go either way.
  const inner = ((x - 60) / 14) ** 2 + ((y - 66) / 27) ** 2;
  return r <= 1 && inner >= 1;
});
/** A "1": a thick slanted bar right of centre, with a flag at the top (so it is not symmetric). */
const bar = drawInk(
  200,
  120,
  (x, y) => (y >= 15 && y <= 105 && Math.abs(x - (150 - 0.2 * (y - 60))) <= 7) || (y >= 15 && y <= 27 && x >= 140 - (y - 15) * 1.5 && x <= 160 - (y - 15) * 1.5),
);

const BLACK: Rgba = [0, 0, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];

function centreOfMass(digit: Float64Array): { x: number; y: number } {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < DIGIT_SIZE; y++) {
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const v = digit[y * DIGIT_SIZE + x];
      m += v;
      mx += v * x;
      my += v * y;
    }
  }
  return { x: mx / m, y: my / m };
}

function boundingBox(digit: Float64Array): { width: number; height: number } {
  let left = DIGIT_SIZE, right = -1, top = DIGIT_SIZE, bottom = -1;
  for (let y = 0; y < DIGIT_SIZE; y++) {
    for (let x = 0; x < DIGIT_SIZE; x++) {
      if (digit[y * DIGIT_SIZE + x] > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return { width: right - left + 1, height: bottom - top + 1 };
}

function assertClose(a: Float64Array, b: Float64Array, tolerance: number, what: string): void {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  assert.ok(worst <= tolerance, `${what}: differ by up to ${worst}`);
}

function assertLooksLikeMnist(digit: Float64Array, expected: { width: number; height: number }): void {
  assert.equal(digit.length, 784);
  for (const v of digit) assert.ok(v >= 0 && v <= 1, `value ${v} outside [0, 1]`);
  const com = centreOfMass(digit);
  assert.ok(Math.abs(com.x - 14) <= 1 && Math.abs(com.y - 14) <= 1, `centre of mass (${com.x}, ${com.y})`);
  const box = boundingBox(digit);
  assert.ok(Math.max(box.width, box.height) >= DIGIT_BOX - 1 && Math.max(box.width, box.height) <= DIGIT_BOX, `box ${box.width}×${box.height}`);
  assert.ok(Math.abs(box.width - expected.width) <= 1 && Math.abs(box.height - expected.height) <= 1, `box ${box.width}×${box.height}, expected about ${expected.width}×${expected.height}`);
}

test('a dark ring on light paper becomes a centred 20-pixel-high MNIST "0"', () => {
  // The ring is 50×80 pixels: scaled by 20/80 it is about 13×20.
  assertLooksLikeMnist(prepareDigit(paint(ring, 200, 120, BLACK, WHITE)), { width: 13, height: 20 });
});

test('a thick bar becomes a centred MNIST "1"', () => {
  // The bar and its flag are 44×90 pixels: scaled by 20/90 they are about 10×20.
  assertLooksLikeMnist(prepareDigit(paint(bar, 200, 120, BLACK, WHITE)), { width: 10, height: 20 });
});

test('dark on light and light on dark give the same digit; so do colours and transparency', () => {
  for (const ink of [ring, bar]) {
    const reference = prepareDigit(paint(ink, 200, 120, BLACK, WHITE));
    // Equal up to the rounding of the painted edges to whole grey levels.
    assertClose(prepareDigit(paint(ink, 200, 120, WHITE, BLACK)), reference, 0.005, 'light on dark');
    assertClose(prepareDigit(paint(ink, 200, 120, [20, 20, 160, 255], [250, 240, 120, 255])), reference, 0.02, 'blue on yellow');
    assertClose(prepareDigit(paint(ink, 200, 120, [0, 0, 0, 255], [0, 0, 0, 0])), reference, 0.005, 'black on transparent');
    assertClose(prepareDigit(paint(ink, 200, 120, [230, 230, 230, 255], [30, 30, 30, 255])), reference, 0.02, 'light grey on dark grey');
  }
});

test('faint background noise is thresholded away', () => {
  const noisy = paint(ring, 200, 120, BLACK, WHITE);
  // A faint speck far from the digit, and a faint grey smudge.
  for (const [x, y] of [[190, 5], [5, 110], [100, 60]]) {
    const p = 4 * (y * 200 + x);
    noisy.data[p] = noisy.data[p + 1] = noisy.data[p + 2] = 235;
  }
  assertClose(prepareDigit(noisy), prepareDigit(paint(ring, 200, 120, BLACK, WHITE)), 1e-9, 'noise ignored');
});

test('a blank image or malformed pixels are InputErrors', () => {
  assertInputError(() => prepareDigit(paint(new Float64Array(100), 10, 10, BLACK, WHITE)), /the image has no ink/);
  assertInputError(() => prepareDigit({ width: 10, height: 10, data: new Uint8Array(10) }), /has 10 bytes; a 10×10 RGBA image needs 400/);
  assertInputError(() => prepareDigit({ width: 0, height: 10, data: new Uint8Array(0) }), /0×10/);
});

function encodePng(image: RgbaImage, colorType: 0 | 2 | 4 | 6, bitDepth: 8 | 16 = 8): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  // pngjs writes 16-bit PNGs from 16-bit samples in the platform's byte order.
  png.data = bitDepth === 8 ? Buffer.from(image.data) : Buffer.from(Uint16Array.from(image.data, (v) => v * 257).buffer);
  return PNG.sync.write(png, { colorType, bitDepth } as Parameters<typeof PNG.sync.write>[1]);
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nabla-png-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('readPngDigit reads grey, RGB, grey+alpha, RGBA and 16-bit PNGs', async () => {
  const reference = prepareDigit(paint(ring, 200, 120, BLACK, WHITE));
  const variants = [
    { colorType: 0, bitDepth: 8, image: paint(ring, 200, 120, BLACK, WHITE) },
    { colorType: 2, bitDepth: 8, image: paint(ring, 200, 120, [200, 30, 30, 255], [255, 255, 255, 255]) },
    { colorType: 4, bitDepth: 8, image: paint(ring, 200, 120, BLACK, [0, 0, 0, 0]) },
    { colorType: 6, bitDepth: 8, image: paint(ring, 200, 120, WHITE, BLACK) },
    { colorType: 6, bitDepth: 16, image: paint(ring, 200, 120, BLACK, [0, 0, 0, 0]) },
  ] as const;
  for (const { colorType, bitDepth, image } of variants) {
    const path = join(dir, `ring-${colorType}-${bitDepth}.png`);
    await writeFile(path, encodePng(image, colorType, bitDepth));
    const digit = await readPngDigit(path);
    assertLooksLikeMnist(digit, { width: 13, height: 20 });
    // Grey conversion of a red ink differs slightly from black; the shape is the same.
    assertClose(digit, reference, 0.02, `colour type ${colorType}, ${bitDepth} bits`);
  }
});

test('not a PNG, an empty, truncated or corrupt PNG, a missing file: InputErrors naming the file', async () => {
  const text = join(dir, 'digit.png');
  await writeFile(text, 'this is not an image\n');
  await assertRejectsInputError(readPngDigit(text), /'.*digit\.png' is not a PNG file: it does not start with the PNG signature/);
  const empty = join(dir, 'empty.png');
  await writeFile(empty, '');
  await assertRejectsInputError(readPngDigit(empty), /empty\.png' is not a PNG file: it is empty/);

  const good = encodePng(paint(bar, 200, 120, BLACK, WHITE), 6);
  const truncated = join(dir, 'truncated.png');
  await writeFile(truncated, good.subarray(0, good.length >> 1));
  await assertRejectsInputError(readPngDigit(truncated), /truncated\.png' is a damaged PNG file: it ends before the image is complete \(truncated\)/);
  const corrupt = Buffer.from(good);
  for (let i = 40; i < 80; i++) corrupt[i] ^= 0xff;
  const corruptPath = join(dir, 'corrupt.png');
  await writeFile(corruptPath, corrupt);
  await assertRejectsInputError(readPngDigit(corruptPath), /corrupt\.png' is a damaged PNG file/);

  await assertRejectsInputError(readPngDigit(join(dir, 'nothing.png')), /cannot read PNG file '.*nothing\.png': no such file/);
  const blank = join(dir, 'blank.png');
  await writeFile(blank, encodePng(paint(new Float64Array(400), 20, 20, BLACK, WHITE), 2));
  await assertRejectsInputError(readPngDigit(blank), /^.*blank\.png: the image has no ink/);
  assert.equal(decodePng(encodePng(paint(bar, 200, 120, BLACK, WHITE), 0)).width, 200);
});

/** A 28×28 MNIST digit enlarged k times by bilinear interpolation, drawn dark on light. */
function enlargeDarkOnLight(pixels: Uint8Array, k: number): RgbaImage {
  const size = DIGIT_SIZE * k;
  const data = new Uint8Array(size * size * 4);
  const at = (x: number, y: number) => pixels[Math.min(27, y) * 28 + Math.min(27, x)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = Math.max(0, (x + 0.5) / k - 0.5), sy = Math.max(0, (y + 0.5) / k - 0.5);
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      const v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      const grey = Math.round(255 - v);
      data.set([grey, grey, grey, 255], 4 * (y * size + x));
    }
  }
  return { width: size, height: size, data };
}

/** Mean |a − b| over the field, with b (MNIST bytes) shifted by (dx, dy). */
function meanAbsDiff(a: Float64Array, b: Uint8Array, dx: number, dy: number): number {
  let sum = 0;
  for (let y = 0; y < DIGIT_SIZE; y++) {
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const bx = x - dx, by = y - dy;
      const bv = bx >= 0 && bx < DIGIT_SIZE && by >= 0 && by < DIGIT_SIZE ? b[by * DIGIT_SIZE + bx] / 255 : 0;
      sum += Math.abs(a[y * DIGIT_SIZE + x] - bv);
    }
  }
  return sum / (DIGIT_SIZE * DIGIT_SIZE);
}

test('an MNIST digit enlarged to 112×112 dark on light comes back close to the original', async () => {
  const { test: mnistTest } = await loadMnist();
  const n = 20;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const original = mnistTest.inputs.subarray(i * 784, (i + 1) * 784) as Uint8Array;
    const path = join(dir, `mnist-${i}.png`);
    await writeFile(path, encodePng(enlargeDarkOnLight(original, 4), 0));
    const digit = await readPngDigit(path);
    const diff = meanAbsDiff(digit, original, 0, 0);
    // Centring by whole pixels can round the other way from MNIST's (its own centres of
    // mass are off (14, 14) by up to half a pixel), so each digit is compared at the best
    // shift of at most one pixel; a digit's mean pixel is about 0.13.
    let aligned = diff;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) aligned = Math.min(aligned, meanAbsDiff(digit, original, dx, dy));
    assert.ok(aligned < 0.04, `test digit ${i}: mean absolute difference ${aligned} at the best shift`);
    total += diff;
  }
  assert.ok(total / n < 0.035, `mean absolute difference ${total / n}`);
});
