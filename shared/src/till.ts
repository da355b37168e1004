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

// ── Discounts at the till ────────────────────────────────────────────────────────────────────────

/** The staff member who recorded a discount may correct it for this long. */
export const TILL_CORRECTION_MINUTES = 10;
/**
 * How far a saving may sit from the shop's percentage of the bill: the till may round what the holder
 * pays to whole yuan (抹零), so anything under ¥1 either way is "within rounding".
 */
export const TILL_ROUNDING_CENTS = 100;

export type DiscountAmountRefusal =
  | 'till.bill_required'
  | 'till.saving_not_positive'
  | 'till.saving_exceeds_bill'
  | 'till.saving_inconsistent';

/**
 * Whether the amounts staff enter fit the shop's discount. Amounts in cents (null: not entered). A
 * percentage discount needs the bill (the saving is checked against it); a described discount
 * ("免费修改裤脚") may leave the bill out. The saving is always positive and never above the bill.
 */
export function checkDiscountAmounts(
  shop: { percentOff: number | null },
  amounts: { billCents: number | null; savingCents: number | null },
): DiscountAmountRefusal | null {
  const { billCents, savingCents } = amounts;
  if (shop.percentOff !== null && billCents === null) return 'till.bill_required';
  if (savingCents === null || savingCents <= 0) return 'till.saving_not_positive';
  if (billCents !== null && savingCents > billCents) return 'till.saving_exceeds_bill';
  if (shop.percentOff !== null && billCents !== null) {
    const exact = (billCents * shop.percentOff) / 100;
    if (Math.abs(savingCents - exact) >= TILL_ROUNDING_CENTS) return 'till.saving_inconsistent';
  }
  return null;
}

/** The saving a percentage discount gives on a bill, in cents (what the till suggests). */
export function expectedSavingCents(percentOff: number, billCents: number): number {
  return Math.round((billCents * percentOff) / 100);
}

export type DiscountCorrectionRefusal =
  | 'till.discount_voided'
  | 'till.correction_not_yours'
  | 'till.correction_window_closed';

/** Whether this staff member may still correct the record: their own, not voided, within the window. */
export function checkDiscountCorrection(
  record: { recordedBy: number; recordedAtMs: number; voided: boolean },
  staffId: number,
  nowMs: number,
): DiscountCorrectionRefusal | null {
  if (record.voided) return 'till.discount_voided';
  if (record.recordedBy !== staffId) return 'till.correction_not_yours';
  if (nowMs - record.recordedAtMs > TILL_CORRECTION_MINUTES * 60_000) return 'till.correction_window_closed';
  return null;
}

/** Until when a record may be corrected (ISO time), for the till's "correct" button. */
export function discountCorrectableUntil(recordedAtMs: number): string {
  return new Date(recordedAtMs + TILL_CORRECTION_MINUTES * 60_000).toISOString();
}

/**
 * Self-dealing: a shop honouring a credential held by its own owner or staff (inflating its board
 * ranking and its reimbursement claim). `holderShopId` is the shop the holder works at, if any;
 * `credentialShopId` the shop an alliance-member credential belongs to.
 */
export function isSelfDealing(
  shopId: number,
  holder: { holderShopId: number | null; credentialShopId: number | null },
): boolean {
  return holder.holderShopId === shopId || holder.credentialShopId === shopId;
}

export type DiscountStatus = 'recorded' | 'corrected' | 'voided';
export function discountStatus(d: { voidedAt: unknown; correctedAt: unknown }): DiscountStatus {
  if (d.voidedAt) return 'voided';
  return d.correctedAt ? 'corrected' : 'recorded';
}
