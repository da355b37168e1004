/**
 * Codes at the till, in the spirit of TOTP (RFC 6238) with HMAC-SHA-256: opening the certificate on a
 * device gives it a secret; the app shows a code for the current 30-second step; the server checks it
 * and accepts each step once. A screenshot or a forwarded photo is dead within a minute and useless
 * once scanned. Isomorphic: runs in Node and in the mini-program.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const TILL_STEP_SECONDS = 30;
export const TILL_CODE_PREFIX = 'TB1';

export function tillStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TILL_STEP_SECONDS);
}

function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Six digits for one step (RFC 4226 dynamic truncation). */
export function tillOtp(secretHex: string, step: number): string {
  const msg = new Uint8Array(8);
  let s = step;
  for (let i = 7; i >= 0; i--) {
    msg[i] = s & 0xff;
    s = Math.floor(s / 256);
  }
  const mac = hmac(sha256, hexToBytes(secretHex), msg);
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, '0');
}

/** What the holder's QR code carries: TB1.<device id>.<step>.<otp>. */
export function tillCode(deviceId: string, secretHex: string, nowMs: number): string {
  const step = tillStep(nowMs);
  return [TILL_CODE_PREFIX, deviceId, step, tillOtp(secretHex, step)].join('.');
}

export function parseTillCode(code: string): { deviceId: string; step: number; otp: string } | null {
  const m = /^TB1\.([A-Za-z0-9_-]{8,64})\.(\d{1,12})\.(\d{6})$/.exec(code.trim());
  if (!m) return null;
  return { deviceId: m[1]!, step: Number(m[2]), otp: m[3]! };
}
