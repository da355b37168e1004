import { type ErrorCode, errorCodes } from '@timebank/shared';

/** A problem with one field; the message is a key of `fieldMessages` or text already in words. */
export interface FieldProblem {
  path: string;
  code: string;
  message?: string;
  /** zod's issue, rendered in the request's language by the error handler. */
  issue?: unknown;
}

/**
 * An error a client can act on: a stable code, its HTTP status, and either the problems with fields
 * (a list: `details`) or facts about the refusal (an object: `meta`, e.g. the state it was in).
 */
export class AppError extends Error {
  readonly status: number;
  readonly details: FieldProblem[] | undefined;
  readonly meta: Record<string, unknown> | undefined;
  constructor(
    readonly code: ErrorCode,
    extra?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(code);
    this.status = errorCodes[code].status;
    this.details = Array.isArray(extra) ? extra : undefined;
    this.meta = extra && !Array.isArray(extra) ? extra : undefined;
  }
}

export function fail(code: ErrorCode, extra?: FieldProblem[] | Record<string, unknown>): never {
  throw new AppError(code, extra);
}

/** The PostgreSQL SQLSTATE of an error, through drizzle's wrapper when there is one. */
export function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function constraintName(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505';

/**
 * The database went away under the request (a failover, a restart, a lost connection, a former
 * leader now read-only): nothing the client did, and worth a retry in a moment.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const state = sqlState(err);
  if (state && (state.startsWith('08') || /^(57P01|57P02|57P03|25006)$/.test(state))) return true;
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/.test(code)) return true;
    if (
      typeof message === 'string' &&
      // node-postgres: the client's connection broke earlier in the transaction (the ROLLBACK
      // after a failed statement, on a failover, ends so).
      /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/.test(
        message,
      )
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
