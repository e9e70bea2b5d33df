import { app, send } from './app.ts';
import { $ } from './dom.ts';

/** Play and pause: the button's face and the worker's loop, kept in step. */
const playButton = $<HTMLButtonElement>('play');

export function setPlaying(on: boolean): void {
  app.playing = on;
  playButton.textContent = on ? 'Pause' : 'Play';
  playButton.setAttribute('aria-pressed', String(on));
}

export function play(): void {
  setPlaying(true);
  send({ type: 'play' });
}

export function pause(): void {
  setPlaying(false);
  send({ type: 'pause' });
}

/** Play, Step and Save need a network: a refused setup has none. */
export function setRunnable(on: boolean): void {
  for (const id of ['play', 'step', 'save-model', 'bp-next', 'bp-prev', 'bp-all']) $<HTMLButtonElement>(id).disabled = !on;
  document.body.dataset.runnable = on ? '1' : '0';
}
