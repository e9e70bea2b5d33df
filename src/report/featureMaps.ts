import { formatCost } from '../common/format.ts';
import type { Shape } from '../network/layers.ts';
import { digitSvg } from './digitSvg.ts';
import { escapeHtml } from './escape.ts';
import { greyPngDataUri } from './greyPng.ts';
import type { MisclassifiedExample } from './html.ts';

/**
 * The report's feature maps of a conv net (issue 21, item 7): for a few test digits, some
 * classified right and some wrong, the maps a^l_{f,j,k} of every conv and pool layer, so a
 * reader sees what each layer picks out of a digit and where a misclassified one goes astray.
 * Each layer of each digit is one grey PNG (data URI) with its maps side by side, which keeps
 * a chapter 6 net's 120 maps a digit to a few kilobytes.
 */
export interface FeatureMapLayer {
  /** l, the layer's number (layer 1 is the input). */
  readonly layer: number;
  /** The CLI's spelling: conv:20:5x5, pool:2x2. */
  readonly description: string;
  /** [H, W, C]: C maps of H × W. */
  readonly shape: Shape;
  /** a^l, channel first: map f's value at (j, k) is values[(f · H + j) · W + k]. */
  readonly values: ArrayLike<number>;
}

/** A digit of the evaluation set, as the misclassified grid holds it, with its maps. */
export interface FeatureMapDigit extends MisclassifiedExample {
  readonly layers: readonly FeatureMapLayer[];
}

/** At most this many maps side by side; more wrap to the next row. */
const COLUMNS = 10;
/** Each map is drawn about this many CSS pixels across, whatever its size. */
const MAP_PIXELS = 36;
/**
 * Values are drawn in this many grey levels, as digitSvg draws digits: the eye tells no more
 * apart at this size, and it halves the deflated maps (a chapter 6 net's six digits: 55 kB
 * of report at 16 levels, 99 kB at 256).
 */
export const GREY_LEVELS = 16;
/** The grey between maps, apart from both ends of the scale. */
const GAP_GREY = 208;

/** One layer's tiling: maps in rows of `columns`, one gap pixel between maps. */
export interface MapTiling {
  readonly columns: number;
  readonly width: number;
  readonly height: number;
}

export function mapTiling(shape: Shape): MapTiling {
  const [H, W, C] = shape;
  const columns = Math.min(C, COLUMNS);
  const rows = Math.ceil(C / columns);
  return { columns, width: columns * (W + 1) - 1, height: rows * (H + 1) - 1 };
}

/** Where map f's value (j, k) sits in its layer's tiled image. */
export function tilePosition(shape: Shape, columns: number, f: number, j: number, k: number): { x: number; y: number } {
  const [H, W] = shape;
  return { x: (f % columns) * (W + 1) + k, y: Math.floor(f / columns) * (H + 1) + j };
}

/** A layer's maps in GREY_LEVELS greys: `low` white, `high` black (ink, as the digits are drawn). */
function tiledGrey(item: FeatureMapLayer, low: number, span: number): { grey: Uint8Array; tiling: MapTiling } {
  const [H, W, C] = item.shape;
  const tiling = mapTiling(item.shape);
  const grey = new Uint8Array(tiling.width * tiling.height).fill(GAP_GREY);
  for (let f = 0; f < C; f++) {
    for (let j = 0; j < H; j++) {
      for (let k = 0; k < W; k++) {
        const { x, y } = tilePosition(item.shape, tiling.columns, f, j, k);
        const step = Math.round(((item.values[(f * H + j) * W + k] - low) / span) * (GREY_LEVELS - 1));
        grey[y * tiling.width + x] = 255 - Math.round((Math.min(GREY_LEVELS - 1, Math.max(0, step)) * 255) / (GREY_LEVELS - 1));
      }
    }
  }
  return { grey, tiling };
}

/**
 * The section: one row per digit, its image and label → prediction, then each layer's maps.
 * Every layer has one grey scale across the digits shown (data-low white, data-high black),
 * so the digits compare with each other.
 */
export function featureMapsSection(digits: readonly FeatureMapDigit[], evaluatedOn: string): string {
  if (digits.length === 0) return '';
  const scales = digits[0].layers.map((_, i) => {
    let low = Infinity;
    let high = -Infinity;
    for (const digit of digits) {
      for (const v of Array.from(digit.layers[i].values)) {
        if (v < low) low = v;
        if (v > high) high = v;
      }
    }
    return { low, high, span: high - low || 1 };
  });
  const rows = digits.map((digit) => {
    const right = digit.label === digit.predicted;
    const caption = `#${digit.index}: true ${digit.label}, predicted ${digit.predicted}`;
    const mark = right ? '' : ' <span class="predicted">misclassified</span>';
    const head =
      `<div class="maps-input">${digitSvg(digit.pixels, digit.width, digit.height, 56, caption)}` +
      `<figcaption><span class="true">${escapeHtml(digit.label)}</span> → <span class="${right ? 'true' : 'predicted'}">${escapeHtml(digit.predicted)}</span>${mark}<br>#${digit.index}</figcaption></div>`;
    const layers = digit.layers.map((item, i) => {
      const { low, high, span } = scales[i];
      const { grey, tiling } = tiledGrey(item, low, span);
      const [H, W, C] = item.shape;
      const scale = Math.max(1, Math.round(MAP_PIXELS / Math.max(H, W)));
      const what = `layer ${item.layer} (${escapeHtml(item.description)}): ${C} maps ${H}×${W}`;
      return (
        `<div class="maps-layer" data-layer="${item.layer}" data-shape="${H}x${W}x${C}" data-columns="${tiling.columns}" data-low="${low}" data-high="${high}">` +
        `<div class="muted">${what}</div>` +
        `<img src="${greyPngDataUri(grey, tiling.width, tiling.height)}" width="${tiling.width * scale}" height="${tiling.height * scale}" alt="${what}"></div>`
      );
    });
    return `<figure class="maps-digit${right ? '' : ' wrong'}" data-index="${digit.index}" data-label="${escapeHtml(digit.label)}" data-predicted="${escapeHtml(digit.predicted)}">${head}${layers.join('')}</figure>`;
  });
  const ranges = digits[0].layers
    .map((item, i) => `layer ${item.layer} ${escapeHtml(formatCost(scales[i].low))} to ${escapeHtml(formatCost(scales[i].high))}`)
    .join(', ');
  return (
    `<section><h2>Feature maps of ${escapeHtml(evaluatedOn)} digits</h2>` +
    `<p class="muted">Each conv and pool layer's maps a<sup>l</sup><sub>f,j,k</sub> for ${digits.length} ${escapeHtml(evaluatedOn)} digits, the misclassified ones marked, ` +
    `computed by the library's backprop on the final network. One grey scale of ${GREY_LEVELS} levels a layer, white its smallest value, black its largest (${ranges}).</p>` +
    `${rows.join('')}</section>`
  );
}

/** The rules the feature-map rows add to the report's style sheet. */
export const FEATURE_MAPS_STYLE = `
.maps-digit { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 14px; text-align: left; padding: 10px 0; border-top: 1px solid #f0f1f3; }
.maps-digit.wrong .maps-input { outline: 2px solid #b91c1c; outline-offset: 4px; border-radius: 3px; }
.maps-input { width: 96px; text-align: center; }
.maps-layer { min-width: 0; max-width: 100%; }
.maps-layer img { display: block; max-width: 100%; height: auto; image-rendering: pixelated; border: 1px solid #e5e7eb; }
.maps-layer .muted { font-size: 12px; margin: 0 0 4px; }
`;
