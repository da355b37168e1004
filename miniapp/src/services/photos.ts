/**
 * The photo pipeline from the app: take or choose a picture and upload it to POST /photos. In weapp
 * `Taro.chooseMedia` hands over a temporary file and `Taro.uploadFile` sends it as a multipart form;
 * in H5 an `<input type="file" accept="image/*" capture>` hands over a File, sent as the raw body.
 * The server re-encodes it (no EXIF, no location) and answers its id.
 */
import Taro from '@tarojs/taro';
import type { ErrorBody, PhotoPurpose, PhotoUploadedDto } from '@timebank/shared';
import { NETWORK_ERROR } from '../logic/errors';
import { isH5 } from './device';
import { API_PREFIX, ApiError } from './http';
import { currentLang } from './prefs';
import { currentSession } from './session';

function headers(): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': currentLang() };
  const s = currentSession();
  if (s) h.Authorization = `Bearer ${s.token}`;
  return h;
}

function answer(status: number, body: unknown): PhotoUploadedDto {
  const data = typeof body === 'string' ? safeJson(body) : body;
  if (status >= 200 && status < 300) return data as PhotoUploadedDto;
  const err = (data as ErrorBody | null)?.error;
  throw new ApiError(
    typeof err?.code === 'string' ? err.code : 'request.invalid',
    status,
    err?.message ?? `HTTP ${status}`,
  );
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** H5: opens the camera or the gallery through a file input; resolves with the File, or null. */
function pickFileH5(capture: boolean): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/jpeg,image/png,image/webp,image/*';
    if (capture) input.setAttribute('capture', 'user');
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  });
}

/**
 * Takes (camera) or chooses (album) one picture and uploads it; null when the person cancelled.
 * Errors are ApiErrors with the server's stable code (photos.too_large, photos.unsupported_type…).
 */
export async function takeAndUploadPhoto(
  purpose: PhotoPurpose,
  source: 'camera' | 'album',
): Promise<PhotoUploadedDto | null> {
  const url = `${API_PREFIX}/photos?purpose=${purpose}`;
  if (isH5) {
    const file = await pickFileH5(source === 'camera');
    if (!file) return null;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { ...headers(), 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      });
    } catch (e) {
      throw new ApiError(NETWORK_ERROR, 0, e instanceof Error ? e.message : String(e));
    }
    return answer(res.status, await res.text());
  }
  let tempFilePath: string | undefined;
  try {
    const picked = await Taro.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: [source],
      sizeType: ['compressed'],
      camera: 'front',
    });
    tempFilePath = picked.tempFiles[0]?.tempFilePath;
  } catch {
    return null; // cancelled
  }
  if (!tempFilePath) return null;
  try {
    const r = await Taro.uploadFile({ url, filePath: tempFilePath, name: 'file', header: headers() });
    return answer(r.statusCode, r.data);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(NETWORK_ERROR, 0, e instanceof Error ? e.message : String(e));
  }
}
