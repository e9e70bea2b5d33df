import { $ } from './dom.ts';

/**
 * What the page says: one status line at the top for everything (read out by screen readers),
 * and a refusal banner placed right under the control that caused it, so that on a long page
 * the reason is where the eye is.
 */
const notes = $<HTMLParagraphElement>('notes');

export function say(text: string, kind: 'info' | 'error' = 'info'): void {
  notes.hidden = text === '';
  notes.textContent = text;
  notes.dataset.kind = kind;
}

/** The status line's text, e.g. to clear it only if it still says `text`. */
export const saying = (): string => notes.textContent ?? '';

const banner = $<HTMLParagraphElement>('spec-error');

/**
 * Shows `text` under the control with id `control` (empty text: hides it). The banner keeps its
 * last place while hidden, so a later message for an unknown control appears where it was.
 */
export function showRefusal(text: string, control?: string): void {
  banner.textContent = text;
  banner.hidden = text === '';
  const target = control === undefined ? null : document.getElementById(control);
  if (text !== '' && target !== null && target.nextElementSibling !== banner) target.after(banner);
}
