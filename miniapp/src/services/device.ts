/** Platform helpers: location with a time limit, and the camera scanner in weapp. */
import Taro from '@tarojs/taro';

export const isWeapp = process.env.TARO_ENV === 'weapp';
export const isH5 = process.env.TARO_ENV === 'h5';
/** The name a device gets in the holder's list of devices (data stored by the API, not page text). */
export const DEVICE_LABEL = isWeapp ? '微信小程序' : '网页版';

/**
 * The phone's position, or null when refused, unavailable or slower than timeoutMs. Always WGS-84
 * (what browsers give; WeChat's gcj02 is offset by hundreds of metres in China), so a check-in and
 * the place the officer set with the same call are compared in one system.
 */
export async function locate(timeoutMs = 4000): Promise<{ lat: number; lng: number } | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  const fix = Taro.getLocation({ type: 'wgs84' })
    .then((r) => ({ lat: r.latitude, lng: r.longitude }))
    .catch(() => null);
  return Promise.race([fix, timeout]);
}

export interface ScanLabels {
  title: string;
  hint: string;
  cancel: string;
}

/** What a scan gave: the text, nothing (cancelled), or no camera to use (type the code instead). */
export type ScanResult = { text: string } | { cancelled: true } | { unavailable: true };

/**
 * Scan a QR code with the camera: Taro.scanCode in weapp; in h5 the camera through getUserMedia
 * with BarcodeDetector or jsQR (services/camera.ts, its own chunk, loaded on the first scan).
 */
export async function scan(labels: ScanLabels): Promise<ScanResult> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const camera = await import('./camera');
      const text = await camera.scanWithCamera(labels);
      return text ? { text } : { cancelled: true };
    } catch {
      return { unavailable: true };
    }
  }
  try {
    const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
    return r.result ? { text: r.result } : { cancelled: true };
  } catch {
    return { cancelled: true };
  }
}
