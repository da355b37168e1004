import type { TestContext } from '../../../helpers/context';

export { api, assertError, details } from '../../../helpers/api';

export const SLOT_MS = 30_000;

/** Moves the clock forward to the start of the next 30-second code slot (or leaves it there). */
export function alignClock(ctx: TestContext): Date {
  const t = ctx.clock.now().getTime();
  const aligned = new Date(Math.ceil(t / SLOT_MS) * SLOT_MS);
  ctx.clock.set(aligned);
  return aligned;
}

/** The claims of a JWT, read without verifying it. */
export function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
