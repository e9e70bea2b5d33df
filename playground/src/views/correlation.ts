import type { ConvMark, Correlation } from '../steps.ts';

/**
 * ∂C/∂w of one shared weight played as the correlation it is (issue 21, item 3): position by
 * position (j, k) of the map, the field of a^{l−1} at (j, k) is boxed with the one input
 * a^{l−1}_{c,j+p,k+q} the weight multiplies, δ^l_{f,j,k} is boxed on the map, and the running sum
 * grows until it reaches the library's ∂C/∂w^l_{f,c,p,q}. Play/Pause, Step and Reset; with
 * prefers-reduced-motion, Play goes straight to the end instead of animating.
 *
 * The sum is taken in the order backprop takes it (network/layerTypes/conv.ts: rows j, then
 * columns k, from 0), so the last running sum is the library's value to the bit.
 */

/** The whole sum plays in about this long, whatever the map's size. */
const PLAY_MS = 8000;

export class CorrelationPlayer {
  readonly element: HTMLElement;
  /** Positions summed so far: 0 before the first, H_o · W_o at the end. */
  private done = 0;
  private sum = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly corr: Correlation;
  private readonly mark: (marks: readonly ConvMark[] | undefined) => void;
  private readonly readout: HTMLElement;
  private readonly running: HTMLElement;
  private readonly playButton: HTMLButtonElement;

  constructor(corr: Correlation, mark: (marks: readonly ConvMark[] | undefined) => void) {
    this.corr = corr;
    this.mark = mark;
    const { l, f, c, p, q } = corr;
    this.element = document.createElement('div');
    this.element.className = 'correlation';
    this.element.dataset.testid = 'correlation';
    this.element.dataset.weight = `${f},${c},${p},${q}`;
    const title = document.createElement('p');
    title.className = 'plain';
    title.textContent = `∂C/∂w^${l}_{${f},${c},${p},${q}} = Σ_{j,k} a^${l - 1}_{${c},j+${p},k+${q}} · δ^${l}_{${f},j,k}, one position (j, k) at a time:`;
    const buttons = document.createElement('div');
    buttons.className = 'correlation-buttons';
    this.playButton = button('Play the sum', 'corr-play', () => (this.timer === undefined ? this.play() : this.pause()));
    buttons.append(this.playButton, button('Step', 'corr-step', () => this.advance(1)), button('Reset', 'corr-reset', () => this.reset()));
    this.readout = document.createElement('p');
    this.readout.className = 'plain';
    this.readout.dataset.testid = 'corr-position';
    const sumLine = document.createElement('p');
    sumLine.className = 'plain';
    this.running = document.createElement('code');
    this.running.dataset.testid = 'corr-sum';
    const total = document.createElement('code');
    total.dataset.testid = 'corr-total';
    total.textContent = String(corr.total);
    sumLine.append('running sum = ', this.running, ' → backprop’s ∂C/∂w = ', total);
    this.element.append(title, buttons, this.readout, sumLine);
    this.show();
  }

  private get positions(): number {
    return this.corr.output[0] * this.corr.output[1];
  }

  play(): void {
    if (this.done === this.positions) this.reset();
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) {
      this.advance(this.positions);
      return;
    }
    this.timer = setInterval(() => this.advance(1), Math.max(4, PLAY_MS / this.positions));
    this.playButton.textContent = 'Pause';
  }

  pause(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.playButton.textContent = 'Play the sum';
  }

  /** Stops the timer for good (the stepper moved to another step). */
  stop(): void {
    this.pause();
  }

  private reset(): void {
    this.pause();
    this.done = 0;
    this.sum = 0;
    this.show();
  }

  /** Adds the next `count` products a^{l−1}_{c,j+p,k+q} δ^l_{f,j,k} to the running sum. */
  private advance(count: number): void {
    const { a, delta, p, q, input, output } = this.corr;
    const [, W] = input;
    const [, Wo] = output;
    const end = Math.min(this.positions, this.done + count);
    for (; this.done < end; this.done++) {
      const j = Math.floor(this.done / Wo);
      const k = this.done % Wo;
      this.sum += a[(j + p) * W + k + q] * delta[j * Wo + k];
    }
    if (this.done === this.positions) this.pause();
    this.show();
  }

  /** The readout and the boxes of the last position summed (none before the first). */
  private show(): void {
    const { l, f, c, p, q, a, delta, field, input, output } = this.corr;
    const [, W] = input;
    const [, Wo] = output;
    this.running.textContent = String(this.sum);
    this.element.dataset.done = String(this.done);
    this.element.dataset.finished = this.done === this.positions ? '1' : '0';
    if (this.done === 0) {
      this.readout.textContent = `${this.positions} positions (j, k) to sum; press Play or Step.`;
      this.mark(undefined);
      return;
    }
    const at = this.done - 1;
    const j = Math.floor(at / Wo);
    const k = at % Wo;
    const input_ = a[(j + p) * W + k + q];
    const d = delta[j * Wo + k];
    this.readout.textContent =
      `position ${this.done} of ${this.positions}, (j, k) = (${j}, ${k}): ` +
      `a^${l - 1}_{${c},${j + p},${k + q}} = ${input_.toPrecision(4)} × δ^${l}_{${f},${j},${k}} = ${d.toPrecision(4)} → ${(input_ * d).toPrecision(4)}`;
    this.mark([
      { layer: l - 1, map: c, row: j, col: k, height: field[0], width: field[1] },
      { layer: l - 1, map: c, row: j + p, col: k + q, height: 1, width: 1 },
      { layer: l, map: f, row: j, col: k, height: 1, width: 1 },
    ]);
  }
}

function button(text: string, id: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.dataset.testid = id;
  b.addEventListener('click', onClick);
  return b;
}
