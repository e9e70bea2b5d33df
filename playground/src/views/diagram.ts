import type { Activation, Network } from 'nabla';
import { BLUE, diverging, ORANGE, paintGrid, rgb } from '../colors.ts';
import { activationRange } from '../forward.ts';

/**
 * The network diagram: one column per layer, one button per neuron (its heatmap over the
 * plane for 2-D data, its activation's colour otherwise), and an SVG line per weight,
 * coloured by sign and thickened by size. Built once per shape, then updated in place.
 */
export interface Selection {
  readonly layer: number;
  readonly neuron: number;
}

/** What the backprop stepper is looking at: the layer and which quantity. */
export interface Focus {
  readonly layer: number;
  readonly part: 'forward' | 'cost' | 'delta' | 'nabla-b' | 'nabla-w' | 'update';
  /** The step's numbers for the layer's neurons (a^l, δ^l, …), shown beside them. */
  readonly values?: ArrayLike<number>;
  /** What the numbers are, e.g. 'a' or 'δ'. */
  readonly symbol?: string;
}

/** Layers with more neurons than this get no number badges: they would overlap. */
const MAX_BADGES = 16;

const MAX_EDGES = 2500;
const SVG = 'http://www.w3.org/2000/svg';

interface Layout {
  readonly x: number[];
  readonly nodeSize: number[];
  /** top-left of node j of layer l: tops[l][j] */
  readonly tops: number[][];
  readonly height: number;
}

export class Diagram {
  private readonly svg: SVGSVGElement;
  private readonly nodeLayer: HTMLDivElement;
  private sizes: readonly number[] = [];
  private nodes: HTMLButtonElement[][] = [];
  private canvases: (HTMLCanvasElement | undefined)[][] = [];
  private edges: (SVGLineElement[] | undefined)[] = [];
  private layout: Layout | undefined;
  private imageInput = false;
  private selected: Selection | undefined;

  private readonly container: HTMLElement;
  private readonly onSelect: (selection: Selection | undefined) => void;

  constructor(container: HTMLElement, onSelect: (selection: Selection | undefined) => void) {
    this.container = container;
    this.onSelect = onSelect;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('aria-hidden', 'true');
    this.svg.classList.add('edges');
    this.nodeLayer = document.createElement('div');
    this.nodeLayer.className = 'nodes';
    container.append(this.svg, this.nodeLayer);
  }

  /** Rebuilds the diagram for a shape. `heatmaps` gives each neuron a canvas of g × g pixels. */
  build(sizes: readonly number[], options: { heatmaps: boolean; g: number; inputNames?: readonly string[] }): void {
    this.sizes = [...sizes];
    this.selected = undefined;
    this.imageInput = sizes[0] === 784;
    const L = sizes.length;
    const width = Math.max(280, this.container.clientWidth || 480);
    const maxColumn = Math.max(...sizes.slice(this.imageInput ? 1 : 0));
    const maxHeight = 380;
    const nodeSize = sizes.map((n, i) => {
      if (i === 0 && this.imageInput) return 64;
      return Math.max(8, Math.min(options.heatmaps ? 36 : 22, Math.floor(maxHeight / (maxColumn * 1.3))));
    });
    const gap = (l: number) => Math.max(3, Math.round(nodeSize[l] * 0.3));
    const columnHeight = (l: number) => (l === 0 && this.imageInput ? nodeSize[0] : sizes[l] * nodeSize[l] + (sizes[l] - 1) * gap(l));
    const height = Math.max(...sizes.map((_, l) => columnHeight(l))) + 24;
    const pad = 26;
    const x = sizes.map((_, l) => pad + (l * (width - 2 * pad - nodeSize[L - 1])) / Math.max(1, L - 1));
    const tops = sizes.map((n, l) => {
      const top0 = (height - columnHeight(l)) / 2;
      if (l === 0 && this.imageInput) return [top0];
      return Array.from({ length: n }, (_, j) => top0 + j * (nodeSize[l] + gap(l)));
    });
    this.layout = { x, nodeSize, tops, height };
    this.container.style.height = `${height}px`;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(height));
    this.svg.replaceChildren();
    this.nodeLayer.replaceChildren();
    this.nodes = [];
    this.canvases = [];
    this.edges = [[], []];

    // Edges first, so the nodes sit on top of them.
    for (let l = 2; l <= L; l++) {
      const nIn = sizes[l - 2];
      const nOut = sizes[l - 1];
      if (this.imageInput && l === 2) {
        this.edges.push(undefined);
        const fan = document.createElementNS(SVG, 'path');
        const x0 = x[0] + nodeSize[0];
        const mid = tops[0][0] + nodeSize[0] / 2;
        const last = tops[1][nOut - 1] + nodeSize[1];
        fan.setAttribute('d', `M${x0},${mid - 20} L${x[1]},${tops[1][0]} L${x[1]},${last} L${x0},${mid + 20} Z`);
        fan.setAttribute('class', 'fan');
        this.svg.append(fan);
        continue;
      }
      if (nIn * nOut > MAX_EDGES) {
        this.edges.push(undefined);
        continue;
      }
      const lines: SVGLineElement[] = [];
      for (let j = 0; j < nOut; j++) {
        for (let k = 0; k < nIn; k++) {
          const line = document.createElementNS(SVG, 'line');
          line.setAttribute('x1', String(x[l - 2] + nodeSize[l - 2]));
          line.setAttribute('y1', String(tops[l - 2][k] + nodeSize[l - 2] / 2));
          line.setAttribute('x2', String(x[l - 1]));
          line.setAttribute('y2', String(tops[l - 1][j] + nodeSize[l - 1] / 2));
          this.svg.append(line);
          lines.push(line);
        }
      }
      this.edges.push(lines);
    }

    for (let l = 1; l <= L; l++) {
      const column: HTMLButtonElement[] = [];
      const canvases: (HTMLCanvasElement | undefined)[] = [];
      const count = l === 1 && this.imageInput ? 1 : sizes[l - 1];
      for (let j = 0; j < count; j++) {
        const node = document.createElement('button');
        node.type = 'button';
        node.className = 'node';
        node.style.left = `${x[l - 1]}px`;
        node.style.top = `${tops[l - 1][j]}px`;
        node.style.width = node.style.height = `${nodeSize[l - 1]}px`;
        node.dataset.layer = String(l);
        node.dataset.neuron = String(j);
        const name = l === 1 ? (this.imageInput ? 'the input image x, 28×28 pixels' : `input x${sub(j + 1)}${options.inputNames?.[j] ? ` (${options.inputNames[j]})` : ''}`) : `layer ${l}, neuron ${j + 1}`;
        node.setAttribute('aria-label', name);
        node.title = name;
        let canvas: HTMLCanvasElement | undefined;
        if ((options.heatmaps && !(l === 1 && this.imageInput)) || (l === 1 && this.imageInput)) {
          canvas = document.createElement('canvas');
          canvas.width = canvas.height = l === 1 && this.imageInput ? 28 : options.g;
          node.append(canvas);
        }
        node.addEventListener('click', () => this.select(l, j));
        this.nodeLayer.append(node);
        column.push(node);
        canvases.push(canvas);
      }
      this.nodes.push(column);
      this.canvases.push(canvases);
    }
  }

  private select(layer: number, neuron: number): void {
    const same = this.selected?.layer === layer && this.selected.neuron === neuron;
    this.selected = same || (layer === 1 && this.imageInput) ? undefined : { layer, neuron };
    for (const column of this.nodes) for (const node of column) node.setAttribute('aria-pressed', 'false');
    if (this.selected) this.nodes[layer - 1][neuron].setAttribute('aria-pressed', 'true');
    this.onSelect(this.selected);
  }

  /** Weights onto the edges, with each bias in the neuron's label. */
  updateWeights(network: Network): void {
    const { sizes } = this;
    for (let l = 2; l <= sizes.length; l++) {
      const lines = this.edges[l];
      const w = network.weights[l];
      if (lines !== undefined) {
        for (let i = 0; i < lines.length; i++) {
          const v = w[i];
          const size = Math.min(Math.abs(v), 4);
          lines[i].setAttribute('stroke', rgb(v >= 0 ? BLUE : ORANGE));
          lines[i].setAttribute('stroke-width', (0.4 + size * 0.9).toFixed(2));
          lines[i].setAttribute('stroke-opacity', (0.2 + 0.8 * Math.min(1, size / 3)).toFixed(2));
        }
      }
      const column = this.nodes[l - 1];
      for (let j = 0; j < column.length; j++) {
        const label = `layer ${l}, neuron ${j + 1}, bias ${network.biases[l][j].toPrecision(3)}`;
        column[j].title = label;
        column[j].setAttribute('aria-label', label);
      }
    }
  }

  /** Every neuron's heatmap over the plane, from neuronGrids. */
  updateHeatmaps(grids: Float32Array[][], g: number, activation: (layer: number) => Activation | undefined): void {
    for (let l = 1; l <= this.sizes.length; l++) {
      const column = this.canvases[l - 1];
      for (let j = 0; j < column.length; j++) {
        const canvas = column[j];
        if (canvas === undefined || grids[l]?.[j] === undefined) continue;
        const [lo, hi] = activationRange(l === 1 ? undefined : activation(l), grids[l][j]);
        paintGrid(canvas, grids[l][j], g, lo, hi);
      }
    }
  }

  /** Each neuron's activation for one input as its colour (digits, CSV data). */
  updateActivations(a: Float64Array[], activation: (layer: number) => Activation | undefined): void {
    for (let l = 1; l <= this.sizes.length; l++) {
      const column = this.nodes[l - 1];
      if (l === 1 && this.imageInput) {
        const canvas = this.canvases[0][0];
        const context = canvas?.getContext('2d');
        if (canvas && context) {
          const image = new ImageData(28, 28);
          for (let i = 0; i < 784; i++) {
            const v = Math.round(255 * (1 - Math.min(1, Math.max(0, a[1][i]))));
            image.data.set([v, v, v, 255], 4 * i);
          }
          context.putImageData(image, 0, 0);
        }
        continue;
      }
      if (this.canvases[l - 1][0] !== undefined) continue; // heatmaps draw these
      const [lo, hi] = activationRange(l === 1 ? undefined : activation(l), a[l]);
      for (let j = 0; j < column.length; j++) {
        column[j].style.background = rgb(diverging((a[l][j] - lo) / (hi - lo)));
        column[j].dataset.value = a[l][j].toPrecision(3);
      }
    }
  }

  /** Highlights what the backprop stepper shows: a layer's neurons and the weights involved. */
  setFocus(focus: Focus | undefined): void {
    this.nodeLayer.querySelectorAll('.badge').forEach((badge) => badge.remove());
    for (const column of this.nodes) for (const node of column) node.classList.remove('focus');
    for (const lines of this.edges) lines?.forEach((line) => line.classList.remove('focus'));
    this.container.classList.toggle('focusing', focus !== undefined);
    if (focus === undefined) return;
    for (const node of this.nodes[focus.layer - 1] ?? []) node.classList.add('focus');
    // (1) and (7) use w^l, into layer l; (5) carries δ^{l+1} back through w^{l+1}.
    const edgeLayer = focus.part === 'delta' && focus.layer < this.sizes.length ? focus.layer + 1 : focus.part === 'forward' || focus.part === 'nabla-w' || focus.part === 'update' ? focus.layer : undefined;
    if (edgeLayer !== undefined) this.edges[edgeLayer]?.forEach((line) => line.classList.add('focus'));
    if (focus.part === 'delta' && focus.layer < this.sizes.length) for (const node of this.nodes[focus.layer] ?? []) node.classList.add('focus');
    const column = this.nodes[focus.layer - 1];
    const { values } = focus;
    if (values === undefined || column === undefined || column.length !== values.length || values.length > MAX_BADGES || this.layout === undefined) return;
    const size = this.layout.nodeSize[focus.layer - 1];
    column.forEach((node, j) => {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = formatBadge(values[j]);
      badge.title = `${focus.symbol ?? ''}${sub(j + 1)} = ${values[j]}`;
      badge.style.left = `${parseFloat(node.style.left) + (focus.layer === 1 ? -4 : size + 3)}px`;
      badge.style.top = `${parseFloat(node.style.top) + size / 2}px`;
      if (focus.layer === 1) badge.classList.add('left');
      this.nodeLayer.append(badge);
    });
  }
}

function formatBadge(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? v.toPrecision(3) : v.toExponential(1);
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
export function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}
