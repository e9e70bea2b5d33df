/**
 * One redraw per animation frame, however many snapshots and clicks asked for it. The drawing
 * itself (render.ts) registers here, so that the modules that ask for a frame need not import
 * the views they change.
 */
let draw: (() => void) | undefined;
let queued = false;

export function onFrame(render: () => void): void {
  draw = render;
}

export function scheduleRender(): void {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    draw?.();
  });
}
