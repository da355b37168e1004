/** QR codes drawn locally (no network): a GIF data URL that <Image> shows in weapp and h5. */
import qrcode from 'qrcode-generator';

/** The module count and a data URL; cellSize in pixels per module. */
export function qrDataUrl(text: string, cellSize = 6, margin = 2): { url: string; modules: number } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return { url: qr.createDataURL(cellSize, margin), modules: qr.getModuleCount() };
}
