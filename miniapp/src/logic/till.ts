/**
 * The certificate on this phone: POST /me/till-device gives a device id and secret; the code shown at
 * the till is computed locally every 30 s with tillCode from @timebank/shared (no network at the till).
 */
import { tillCode } from '@timebank/shared';
import { secondsLeftInStep } from './rotation';

export interface TillDevice {
  deviceId: string;
  secretHex: string;
  stepSeconds: number;
  /** The credential it was opened for; a different serial means it must be opened again. */
  serial: string;
  userId: number;
}

export function isTillDevice(v: unknown): v is TillDevice {
  if (!v || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  return (
    typeof d.deviceId === 'string' &&
    typeof d.secretHex === 'string' &&
    /^[0-9a-f]+$/i.test(d.secretHex) &&
    typeof d.serial === 'string' &&
    typeof d.userId === 'number'
  );
}

/** The device to use for this holder and certificate, or null if it must be opened (again). */
export function deviceFor(stored: unknown, userId: number, serial: string): TillDevice | null {
  if (!isTillDevice(stored)) return null;
  return stored.userId === userId && stored.serial === serial ? stored : null;
}

export function tillView(device: TillDevice, nowMs: number) {
  const code = tillCode(device.deviceId, device.secretHex, nowMs);
  return { code, secondsLeft: secondsLeftInStep(nowMs, device.stepSeconds || 30) };
}
