import { layerShapes, type Network } from 'nabla';
import { diverging } from '../colors.ts';
import type { ConvMark } from '../steps.ts';

/**
 * The conv view (issue 21, items 2 and 4): every feature map of every conv and pool layer as
 * a small image of a^l for the digit shown, and the first conv layer's filters w^l_{f,c,·,·}
 * as images, redrawn each frame while training runs and while a digit is drawn. Loaded only
 * when the network has conv layers (a dynamic import), so a dense page never fetches it.
 *
 * Every image carries its values (row-major, float64) as its `values` property, so that a
 * script can check them against the library's backprop; a property, not an attribute, since
 * writing some 15,000 numbers as text each frame took most of a frame.
 */
export type ValuedCanvas = HTMLCanvasElement & { values?: Float64Array };
interface Built {
  readonly key: string;
  /** maps[l][f], for the input (l = 1) and each conv or pool layer l. */
  readonly maps: Map<number, HTMLCanvasElement[]>;
  readonly filters: HTMLCanvasElement[];
  /** The first conv layer's number, its K_h, K_w and C. */
  readonly first: { l: number; kh: number; kw: number; c: number } | undefined;
}

let built: Built | undefined;

const shapeKey = (network: Network) => JSON.stringify([network.inputShape, network.layers]);

function canvas(width: number, height: number, testid: string, label: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.dataset.testid = testid;
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', label);
  return c;
}

function build(container: HTMLElement, network: Network): Built {
  const layers = network.layers ?? [];
  const shapes = layerShapes(network.inputShape!, layers);
  const maps = new Map<number, HTMLCanvasElement[]>();
  const rows: HTMLElement[] = [];
  // The input a^1 itself, where the stepper marks a receptive field.
  const [ih, iw, ic] = shapes[0];
  const inputs = Array.from({ length: ic }, (_, c) => canvas(iw, ih, 'conv-input', `Input a^1, channel ${c + 1}`));
  inputs.forEach((image, c) => {
    image.dataset.layer = '1';
    image.dataset.map = String(c);
  });
  maps.set(1, inputs);
  rows.push(layerFigure(inputs, `Layer 1: the input, ${ih}×${iw}${ic > 1 ? ` × ${ic} channels` : ''}`));
  let first: Built['first'];
  const filters: HTMLCanvasElement[] = [];
  layers.forEach((layer, i) => {
    const l = i + 2;
    if (layer.type === 'dense') return;
    const [h, w, c] = shapes[i + 1];
    const list = Array.from({ length: c }, (_, f) => {
      const image = canvas(w, h, 'feature-map', `Feature map ${f + 1} of layer ${l}`);
      image.dataset.layer = String(l);
      image.dataset.map = String(f);
      return image;
    });
    maps.set(l, list);
    rows.push(layerFigure(list, layer.type === 'conv'
      ? `Layer ${l}: ${c} feature maps a^${l} (${h}×${w}), each ${layer.field[0]}×${layer.field[1]} field of layer ${l - 1} through one shared filter`
      : `Layer ${l}: max-pooling ${layer.size[0]}×${layer.size[1]}, ${c} maps of ${h}×${w}`));
    if (layer.type === 'conv' && first === undefined) {
      const [kh, kw] = layer.field;
      first = { l, kh, kw, c: shapes[i][2] };
      for (let f = 0; f < c; f++) {
        const image = canvas(kw, kh * first.c, 'filter', `Filter of feature map ${f + 1}, layer ${l}`);
        image.dataset.map = String(f);
        filters.push(image);
      }
      const filterFigure = layerFigure(filters, `Layer ${l}'s filters w^${l}_f (${kh}×${kw}): blue positive, orange negative weights, on one scale`);
      filterFigure.querySelector('.conv-maps')!.classList.add('conv-filters');
      rows.unshift(filterFigure);
    }
  });
  container.replaceChildren(...rows);
  return { key: shapeKey(network), maps, filters, first };
}

/** A row of images, each in a cell the stepper's marks are placed in, and its caption. */
function layerFigure(images: HTMLCanvasElement[], text: string): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'conv-layer';
  const strip = document.createElement('div');
  strip.className = 'conv-maps';
  strip.append(...images.map((image) => {
    const cell = document.createElement('span');
    cell.className = 'conv-cell';
    cell.append(image);
    return cell;
  }));
  const caption = document.createElement('figcaption');
  caption.textContent = text;
  figure.append(strip, caption);
  return figure;
}

/**
 * The stepper's marks (a receptive field, a pooling window, a position) as boxes over the
 * images they are on, replacing the last step's; they stay while the images are redrawn.
 */
export function markConvViews(container: HTMLElement, marks: readonly ConvMark[]): void {
  container.querySelectorAll('.conv-mark').forEach((old) => old.remove());
  for (const mark of marks) {
    const image = built?.maps.get(mark.layer)?.[mark.map];
    if (image === undefined || !container.contains(image)) continue;
    const box = document.createElement('div');
    box.className = 'conv-mark';
    box.dataset.testid = 'conv-mark';
    box.dataset.layer = String(mark.layer);
    box.dataset.box = `${mark.row},${mark.col},${mark.height},${mark.width}`;
    const percent = (n: number, of: number) => `${(100 * n) / of}%`;
    Object.assign(box.style, { left: percent(mark.col, image.width), top: percent(mark.row, image.height), width: percent(mark.width, image.width), height: percent(mark.height, image.height) });
    image.parentElement!.append(box);
  }
}

/**
 * Each canvas's 2-D context and its ImageData, made once: asking for them again on every frame
 * of a drawn digit, for a chapter 6 net's 140 images, was a third of the images' time.
 */
const pixels = new WeakMap<HTMLCanvasElement, { context: CanvasRenderingContext2D; image: ImageData }>();

function pixelsOf(target: HTMLCanvasElement): { context: CanvasRenderingContext2D; image: ImageData } | undefined {
  let held = pixels.get(target);
  if (held === undefined) {
    const context = target.getContext('2d');
    if (context === null) return undefined;
    held = { context, image: context.createImageData(target.width, target.height) };
    pixels.set(target, held);
  }
  return held;
}

/** Paints values (row-major) into a canvas of their own size: grey from lo (black) to hi (white). */
function paintGrey(target: HTMLCanvasElement, values: ArrayLike<number>, from: number, lo: number, hi: number): void {
  const held = pixelsOf(target);
  if (held === undefined) return;
  const { context, image } = held;
  const n = target.width * target.height;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const data = image.data;
  for (let i = 0; i < n; i++) {
    const v = Math.max(0, Math.min(255, Math.round((values[from + i] - lo) * scale)));
    data[4 * i] = v;
    data[4 * i + 1] = v;
    data[4 * i + 2] = v;
    data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** Paints weights on the diverging scale, symmetric about 0 (±top). */
function paintSigned(target: HTMLCanvasElement, values: ArrayLike<number>, from: number, top: number): void {
  const held = pixelsOf(target);
  if (held === undefined) return;
  const { context, image } = held;
  const n = target.width * target.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = diverging(top > 0 ? 0.5 + values[from + i] / (2 * top) : 0.5);
    image.data.set([r, g, b, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}

/**
 * Draws the maps of `a` (a^l for l = 1..L, from the page's forward pass) and the first conv
 * layer's filters, building the images when the network's layers change. Each layer's maps
 * share one grey scale (black its smallest value, white its largest), so maps can be compared.
 */
export function drawConvViews(container: HTMLElement, network: Network, a: readonly Float64Array[]): void {
  if (network.layers === undefined || network.inputShape === undefined) return;
  if (built?.key !== shapeKey(network) || container.childElementCount === 0) built = build(container, network);
  for (const [l, list] of built.maps) {
    const values = a[l];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const size = values.length / list.length;
    list.forEach((image: ValuedCanvas, f) => {
      paintGrey(image, values, f * size, lo, hi);
      image.values = values.slice(f * size, (f + 1) * size);
    });
  }
  const { first } = built;
  if (first === undefined) return;
  const w = network.weights[first.l];
  let top = 0;
  for (const v of w) top = Math.max(top, Math.abs(v));
  const size = first.kh * first.kw * first.c;
  built.filters.forEach((image: ValuedCanvas, f) => {
    paintSigned(image, w, f * size, top);
    image.values = w.slice(f * size, (f + 1) * size);
  });
}
