import { prepareDigit } from 'nabla';

/**
 * The drawing pad: light ink on black, like MNIST, drawn with a mouse, a pen or a finger
 * (pointer events; touch-action: none keeps the page from scrolling under the finger).
 * After each stroke segment it hands the library's prepareDigit result (28×28, centred by
 * mass, as MNIST was prepared) to `onDigit`, at most once per animation frame.
 */
export class Pad {
  private readonly context: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | undefined;
  private queued = false;
  private inked = false;
  private box: DOMRect | undefined;

  private readonly canvas: HTMLCanvasElement;
  private readonly onDigit: (x: Float64Array | undefined) => void;

  constructor(canvas: HTMLCanvasElement, onDigit: (x: Float64Array | undefined) => void) {
    this.canvas = canvas;
    this.onDigit = onDigit;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('this browser gives no 2-D canvas');
    this.context = context;
    this.clear();
    canvas.addEventListener('pointerdown', (event) => {
      this.drawing = true;
      this.box = undefined;
      canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.dot(this.last);
      event.preventDefault();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.drawing) return;
      const p = this.point(event);
      this.line(this.last ?? p, p);
      this.last = p;
    });
    const stop = () => {
      this.drawing = false;
      this.box = undefined;
      this.last = undefined;
    };
    canvas.addEventListener('pointerup', stop);
    canvas.addEventListener('pointercancel', stop);
  }

  private point(event: PointerEvent): { x: number; y: number } {
    // The pad's box, read once a stroke: reading it on every move forced a layout of the page
    // that the last frame's redraw had changed (maps, output bars), a tenth of a frame.
    const box = (this.box ??= this.canvas.getBoundingClientRect());
    return { x: ((event.clientX - box.left) / box.width) * this.canvas.width, y: ((event.clientY - box.top) / box.height) * this.canvas.height };
  }

  private brush(): void {
    this.context.strokeStyle = '#fff';
    this.context.fillStyle = '#fff';
    this.context.lineWidth = this.canvas.width / 14;
    this.context.lineCap = 'round';
    this.context.lineJoin = 'round';
  }

  private dot(p: { x: number; y: number }): void {
    this.brush();
    this.context.beginPath();
    this.context.arc(p.x, p.y, this.context.lineWidth / 2, 0, 2 * Math.PI);
    this.context.fill();
    this.changed();
  }

  private line(a: { x: number; y: number }, b: { x: number; y: number }): void {
    this.brush();
    this.context.beginPath();
    this.context.moveTo(a.x, a.y);
    this.context.lineTo(b.x, b.y);
    this.context.stroke();
    this.changed();
  }

  private changed(): void {
    this.inked = true;
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.onDigit(this.digit());
    });
  }

  /** The prepared 784 inputs, or undefined while the pad is blank. */
  digit(): Float64Array | undefined {
    if (!this.inked) return undefined;
    const image = this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
    try {
      return prepareDigit(image);
    } catch {
      return undefined; // no ink yet
    }
  }

  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.inked = false;
    this.onDigit(undefined);
  }

  /** Paints a 28×28 image (values in [0, 1]) onto the pad, scaled up. */
  show(pixels: ArrayLike<number>): void {
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const image = new ImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(255 * pixels[i]);
      image.data.set([v, v, v, 255], 4 * i);
    }
    small.getContext('2d')?.putImageData(image, 0, 0);
    this.context.imageSmoothingEnabled = true;
    this.context.drawImage(small, 0, 0, this.canvas.width, this.canvas.height);
    this.inked = true;
    this.onDigit(this.digit());
  }
}
