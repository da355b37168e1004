/**
 * The QR scanner of the H5 build: the rear camera through getUserMedia, decoded by the browser's
 * BarcodeDetector where it has one (Chrome on Android, Safari 17+) and by jsQR otherwise. It draws
 * its own full-screen layer on document.body, so it needs no Taro component and weapp never loads it
 * (device.ts imports it only in h5, as a chunk of its own).
 */
import jsQR from 'jsqr';

export interface ScanLabels {
  title: string;
  hint: string;
  cancel: string;
}

/** Why the camera could not be used: no API (insecure page, old browser), refused, or no device. */
export class CameraUnavailable extends Error {}

interface Detector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}

async function nativeDetector(): Promise<Detector | null> {
  const Ctor = (globalThis as { BarcodeDetector?: new (o: { formats: string[] }) => Detector })
    .BarcodeDetector;
  if (!Ctor) return null;
  try {
    const formats: string[] =
      (await (
        Ctor as unknown as { getSupportedFormats?: () => Promise<string[]> }
      ).getSupportedFormats?.()) ?? [];
    return formats.includes('qr_code') ? new Ctor({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** The text of a QR code in an RGBA frame, or null. */
export function decodeFrame(data: Uint8ClampedArray, width: number, height: number): string | null {
  const hit = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  return hit?.data ? hit.data : null;
}

function layer(labels: ScanLabels) {
  const root = document.createElement('div');
  root.className = 'scanner';
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-modal', 'true');
  root.setAttribute('aria-label', labels.title);
  const title = document.createElement('h2');
  title.className = 'scanner__title';
  title.textContent = labels.title;
  const video = document.createElement('video');
  video.className = 'scanner__video';
  video.setAttribute('playsinline', 'true');
  video.setAttribute('aria-hidden', 'true');
  video.muted = true;
  const frame = document.createElement('div');
  frame.className = 'scanner__frame';
  frame.setAttribute('aria-hidden', 'true');
  const hint = document.createElement('p');
  hint.className = 'scanner__hint';
  hint.textContent = labels.hint;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'scanner__cancel';
  cancel.textContent = labels.cancel;
  root.append(title, video, frame, hint, cancel);
  document.body.append(root);
  return { root, video, cancel };
}

/**
 * Opens the camera and resolves with the first QR code seen, or null when the user cancels. Rejects
 * with CameraUnavailable when there is no camera to use (the page then offers typing).
 */
export async function scanWithCamera(labels: ScanLabels): Promise<string | null> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraUnavailable('no getUserMedia');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (e) {
    throw new CameraUnavailable(e instanceof Error ? e.message : 'camera refused');
  }
  const { root, video, cancel } = layer(labels);
  const detector = await nativeDetector();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return new Promise<string | null>((resolve) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (value: string | null) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      for (const track of stream.getTracks()) track.stop();
      root.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(null));
    const look = async () => {
      if (done) return;
      try {
        if (video.readyState >= 2 && video.videoWidth > 0) {
          let text: string | null = null;
          if (detector) {
            const found = await detector.detect(video);
            text = found[0]?.rawValue || null;
          } else if (ctx) {
            // at most 640 px wide: enough for a phone-held code, and quick to decode
            const scale = Math.min(1, 640 / video.videoWidth);
            canvas.width = Math.round(video.videoWidth * scale);
            canvas.height = Math.round(video.videoHeight * scale);
            ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
            const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
            text = decodeFrame(img.data, img.width, img.height);
          }
          if (text) {
            finish(text);
            return;
          }
        }
      } catch {
        // a frame that could not be read: try the next one
      }
      timer = setTimeout(look, 150);
    };
    video.srcObject = stream;
    video
      .play()
      .catch(() => undefined)
      .finally(() => look());
    cancel.focus();
  });
}
