import type { Network } from 'nabla';
import type { Step, StepRule, Walk } from '../steps.ts';
import { plain } from '../tex.ts';
import type { Focus } from './diagram.ts';

type RenderTex = (element: HTMLElement, tex: string) => void;
/** KaTeX and the walk (with the library's reference kernel for the update step), loaded when the stepper first opens. */
type Lazy = typeof import('../math.ts');

/**
 * The backprop stepper: picks an example, walks its steps one at a time (Next / Previous /
 * Show all), renders each formula and its numbers with KaTeX and tells the diagram what to
 * highlight.
 */
export interface StepperHost {
  /** The network now (training is paused first), or undefined before there is one. */
  network(): Network | undefined;
  /** Example i of the training set, or undefined if there is no such example. */
  example(i: number): { x: Float64Array; y: Float64Array } | undefined;
  exampleCount(): number;
  /** η, the update rule and n, as training uses them. */
  rule(): StepRule;
  pause(): void;
  focus(focus: Focus | undefined): void;
  /** Replaces the network's parameters (the "apply this step" button). */
  apply(network: Network): void;
  /** A conv net's step marks its fields and windows on the conv view (none: clear them). */
  mark(marks: Step['marks']): void;
}

export class Stepper {
  private walk: Walk | undefined;
  private shown = 0;
  /**
   * The step that Next or Previous last asked for while its walk is still being opened (the
   * first opening waits for the lazy math chunk): a second click counts on from it. Counting
   * from `shown` made two quick clicks on Next both open step 0.
   */
  private asked: number | undefined;
  /** Every step in full ("Show all"); otherwise earlier steps are one line each. */
  private expanded = false;
  private renderTex: RenderTex | undefined;
  private loading: Promise<Lazy> | undefined;
  /** The conv gradient step's player of ∂C/∂w (views/correlation.ts), stopped when the step goes. */
  private players: InstanceType<Lazy['CorrelationPlayer']>[] = [];
  private Player: Lazy['CorrelationPlayer'] | undefined;

  private readonly list: HTMLOListElement;
  private readonly exampleInput: HTMLInputElement;
  private readonly host: StepperHost;

  constructor(list: HTMLOListElement, exampleInput: HTMLInputElement, host: StepperHost) {
    this.list = list;
    this.exampleInput = exampleInput;
    this.host = host;
  }

  private async load(): Promise<Lazy> {
    this.loading ??= import('../math.ts');
    const lazy = await this.loading;
    this.renderTex = lazy.renderTex;
    this.Player = lazy.CorrelationPlayer;
    return lazy;
  }

  get active(): boolean {
    return this.walk !== undefined;
  }

  /** Starts (or restarts) the walk for the example in the input, at step `shown`. */
  async open(shown = 0, expanded = false): Promise<void> {
    this.expanded = expanded;
    this.host.pause();
    const network = this.host.network();
    const i = Number(this.exampleInput.value);
    const example = Number.isInteger(i) ? this.host.example(i) : undefined;
    if (network === undefined || example === undefined) {
      this.list.replaceChildren(note(`Choose an example from 0 to ${Math.max(0, this.host.exampleCount() - 1)}.`));
      this.walk = undefined;
      return;
    }
    const rule = this.host.rule();
    const { walk } = await this.load();
    this.walk = walk(network, example.x, example.y, rule, plain);
    this.shown = Math.min(shown, this.walk.steps.length - 1);
    this.render();
  }

  close(): void {
    this.stopPlayers();
    this.walk = undefined;
    this.list.replaceChildren();
    this.host.focus(undefined);
    this.host.mark(undefined);
  }

  async next(): Promise<void> {
    await this.goTo((this.asked ?? (this.walk === undefined ? -1 : this.shown)) + 1);
  }

  async previous(): Promise<void> {
    await this.goTo(Math.max(0, (this.asked ?? this.shown) - 1));
  }

  /** Opens step `shown`, remembered as asked for until it is open (openings finish in the order they began). */
  private async goTo(shown: number): Promise<void> {
    this.asked = shown;
    try {
      await this.open(shown);
    } finally {
      if (this.asked === shown) this.asked = undefined;
    }
  }

  async all(): Promise<void> {
    await this.open(Number.MAX_SAFE_INTEGER, true);
  }

  private render(): void {
    const { walk: w, renderTex } = this;
    if (w === undefined || renderTex === undefined) return;
    this.stopPlayers();
    const items = w.steps
      .slice(0, this.shown + 1)
      .map((step, index) => (index === this.shown || this.expanded ? this.item(step, index === this.shown, renderTex) : this.link(step, index)));
    this.list.replaceChildren(...items);
    this.fit();
    // KaTeX's fonts arrive after the first layout, with other widths: fit again once they are in.
    void document.fonts?.ready.then(() => this.fit());
    this.host.focus(w.steps[this.shown].focus);
    this.host.mark(w.steps[this.shown].marks);
    items[items.length - 1].scrollIntoView?.({ block: 'nearest' });
    this.list.dataset.step = `${this.shown + 1}/${w.steps.length}`;
  }

  private stopPlayers(): void {
    for (const player of this.players) player.stop();
    this.players = [];
  }

  /** Fits every formula block to the list's width (again after a resize, and once KaTeX's fonts are in). */
  fit(): void {
    for (const block of this.list.querySelectorAll<HTMLElement>('.formula, .numbers')) fitWidth(block);
  }

  /** An earlier step as one line: a button back to it. */
  private link(step: Step, index: number): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'step done';
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'step-link';
    back.textContent = `${step.formulas ? `${step.formulas} ` : ''}${step.title}`;
    back.setAttribute('aria-label', `Back to step ${index + 1}: ${back.textContent}`);
    back.addEventListener('click', () => void this.open(index));
    li.append(back);
    return li;
  }

  private item(step: Step, current: boolean, renderTex: RenderTex): HTMLLIElement {
    const li = document.createElement('li');
    li.className = current ? 'step current' : 'step';
    const h = document.createElement('h3');
    h.textContent = `${step.formulas ? `${step.formulas} ` : ''}${step.title}`;
    if (current && this.walk) h.textContent += ` (step ${this.shown + 1} of ${this.walk.steps.length})`;
    const formula = document.createElement('div');
    formula.className = 'formula';
    renderTex(formula, step.formula);
    li.append(h, formula);
    for (const line of step.numbers) {
      const numbers = document.createElement('div');
      numbers.className = 'numbers';
      renderTex(numbers, line);
      li.append(numbers);
    }
    for (const value of step.plain) {
      const p = document.createElement('p');
      p.className = 'plain';
      const label = document.createElement('span');
      label.textContent = `${value.label} = `;
      const code = document.createElement('code');
      code.textContent = value.text;
      if (value.testid) code.dataset.testid = value.testid;
      p.append(label, code);
      li.append(p);
    }
    if (step.correlation && this.Player) {
      const player = new this.Player(step.correlation, (marks) => this.host.mark(marks));
      this.players.push(player);
      li.append(player.element);
    }
    if (step.update && this.walk) {
      const apply = document.createElement('button');
      apply.type = 'button';
      apply.textContent = 'Apply this step to the network';
      const updated = this.walk.updated;
      apply.addEventListener('click', () => {
        this.host.apply(updated);
        void this.open(this.shown);
      });
      li.append(apply);
    }
    return li;
  }
}

/**
 * Shrinks a formula block's type until it fits its box: KaTeX breaks lines only between
 * terms, so a wide matrix can still be wider than a phone. KaTeX sizes everything in em, so
 * one font size scales the whole formula; it never grows past the normal size.
 */
export function fitWidth(block: HTMLElement): void {
  block.style.fontSize = '';
  for (let tries = 0; tries < 3 && block.scrollWidth > block.clientWidth + 1; tries++) {
    const current = parseFloat(block.style.fontSize || '1');
    const ratio = block.clientWidth / block.scrollWidth;
    block.style.fontSize = `${Math.max(0.35, Math.floor(current * ratio * 100) / 100)}em`;
  }
}

function note(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'step';
  li.textContent = text;
  return li;
}
