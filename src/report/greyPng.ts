import { PNG } from 'pngjs';

/**
 * A greyscale image as a PNG data URI (8-bit grey, deflated), for pictures too many or too
 * smooth for digitSvg's runs: a conv net's feature maps. A data URI keeps the report one
 * self-contained file. `grey` holds width × height bytes, row-major, 0 black, 255 white.
 */
export function greyPngDataUri(grey: Uint8Array, width: number, height: number): string {
  if (grey.length !== width * height) throw new RangeError(`the image has ${grey.length} pixels; ${width} × ${height} needs ${width * height}`);
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(grey.buffer, grey.byteOffset, grey.byteLength);
  const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, deflateLevel: 9 });
  return `data:image/png;base64,${bytes.toString('base64')}`;
}
