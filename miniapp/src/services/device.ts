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

/** Scan a QR code with the camera (weapp); null when cancelled. */
export async function scan(): Promise<string | null> {
  try {
    const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
    return r.result || null;
  } catch {
    return null;
  }
}
