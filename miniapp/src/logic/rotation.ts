import type { ActivityCheckinCodeDto } from '@timebank/shared';
/**
 * Timing of the two rotating codes: the officer's check-in code (fetched from the API, which says
 * when the next one is due) and the holder's till code (computed locally every 30-second step).
 */
import { TILL_STEP_SECONDS, tillStep } from '@timebank/shared';

/** Milliseconds until the next till step begins (at least 1 ms, so a timer always advances). */
export function msUntilNextStep(nowMs: number, stepSeconds = TILL_STEP_SECONDS): number {
  const stepMs = stepSeconds * 1000;
  const next = (Math.floor(nowMs / stepMs) + 1) * stepMs;
  return Math.max(1, next - nowMs);
}

/** Whole seconds left in the current step, for the countdown under the code (30 … 1). */
export function secondsLeftInStep(nowMs: number, stepSeconds = TILL_STEP_SECONDS): number {
  return Math.ceil(msUntilNextStep(nowMs, stepSeconds) / 1000);
}

export { tillStep };

/** As the API answers it (inferred from the shared response schema). */
export type CheckinCodeDto = ActivityCheckinCodeDto;

/**
 * When to fetch the officer's next code. The server says refreshInSeconds (relative, immune to a
 * wrong phone clock); never sooner than 1 s and never later than the 30-s rotation, so a stale code
 * is never on screen for long even if the answer was odd.
 */
export function checkinRefreshDelayMs(code: Pick<CheckinCodeDto, 'refreshInSeconds'>): number {
  const s = Number.isFinite(code.refreshInSeconds) ? code.refreshInSeconds : 30;
  return Math.min(30, Math.max(1, s)) * 1000;
}

/** After a failed fetch: retry soon, backing off to 15 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(15_000, 2_000 * 2 ** Math.max(0, failures - 1));
}

/** Seconds until a moment, for a countdown (0 when past). */
export function secondsUntil(targetMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
}

/** What the officer's QR code shows: the short form when the server gives one. */
export function qrTextOf(code: Pick<CheckinCodeDto, 'code' | 'shortCode'>): string {
  return code.shortCode ?? code.code;
}

/** Six digits as two groups of three, easier to read aloud from across a room. */
export function spacedDigits(digits: string | undefined): string {
  return digits && /^\d{6}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3)}` : '';
}
