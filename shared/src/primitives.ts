/**
 * The input types every schema is built from, meaning what the published document says:
 * ids are PostgreSQL `integer`s in canonical decimal (no `01`, `1e3`, `0x10`, nothing past 2³¹−1),
 * JSON bodies are never coerced (`true` is not 1), query strings parse strictly, every string is
 * bounded, and points in time fall within a plausible range.
 */
import { z } from 'zod';

export const INT32_MAX = 2_147_483_647;

/** An id in a JSON body. */
export const idBody = z.number().int().min(1).max(INT32_MAX);

/** A whole number in a path or query string, canonical decimal, within [min, max]. */
export function intText(min: number, max: number) {
  const pattern = min >= 0 ? /^(0|[1-9][0-9]{0,15})$/ : /^(0|-?[1-9][0-9]{0,15})$/;
  return z
    .string()
    .max(17)
    .regex(pattern, 'integer_id')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: 'integer', format: 'int32', minimum: min, maximum: max });
}

/** An id in a path or query string. */
export const idText = intText(1, INT32_MAX);

/** A decimal number in a query string (coordinates), within [min, max]. */
export function decimalText(min: number, max: number) {
  return z
    .string()
    .max(24)
    .regex(/^-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,12})?$/, 'decimal')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .meta({ type: 'number', minimum: min, maximum: max });
}

/** Earliest and latest year any point in time the API takes may fall in. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

/** A point in time: ISO 8601 with an offset, between MIN_YEAR and MAX_YEAR. */
export const isoTime = z.iso
  .datetime({ offset: true })
  .max(40)
  .refine((v) => {
    const y = new Date(v).getUTCFullYear();
    return y >= MIN_YEAR && y <= MAX_YEAR;
  }, 'date_out_of_range');

/** A calendar date YYYY-MM-DD between MIN_YEAR and MAX_YEAR. */
export const isoDate = z.iso
  .date()
  .max(10)
  .refine((v) => {
    const y = Number(v.slice(0, 4));
    return y >= MIN_YEAR && y <= MAX_YEAR;
  }, 'date_out_of_range');

/**
 * Text a person can have typed: no NUL or other control characters but tab and newlines, no lone
 * surrogates, no U+FFFD (what invalid UTF-8 decodes to). The API refuses such text in any field,
 * whatever the schema (see `invalidText` and the body check in server/src/http).
 */
// A loop rather than a regex: WeChat's older iOS engines have no lookbehind.
export function isCleanText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    } else if (c === 0x7f || c === 0xfffd) {
      return false;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** How deep a request's JSON may nest; deeper is refused like broken text (a body is a form). */
export const MAX_DEPTH = 32;

/**
 * The path of the first string in a value that is not clean text (keys included), or of the first
 * value nested deeper than MAX_DEPTH; undefined when all is well. Iterative: a hostile body cannot
 * exhaust the stack.
 */
export function invalidText(value: unknown): string | undefined {
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isCleanText(v)) return path.join('.');
    } else if (v && typeof v === 'object') {
      if (path.length >= MAX_DEPTH) return path.join('.');
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
      } else {
        for (const [k, child] of Object.entries(v)) {
          if (!isCleanText(k)) return [...path, k].join('.');
          stack.push([child, [...path, k]]);
        }
      }
    }
  }
  return undefined;
}

/** Our own stored image: `ph_` and the SHA-256 of its bytes (the photo pipeline's id). */
export const PHOTO_ID_PATTERN = /^ph_[0-9a-f]{64}$/;

/**
 * Whether a photo reference may be stored: one of our own images (a photo id), or — for links kept
 * from before the photo pipeline — an https address on a public, named host. Refused: any other scheme
 * (`javascript:`, `file:`, `data:text/html`, `http:`), credentials in the address, IP literals and
 * internal names (`localhost`, `*.local`, `*.internal`, single-label hosts), which would make a client
 * or the server fetch from inside the network.
 */
export function isAcceptablePhotoRef(ref: string): boolean {
  if (PHOTO_ID_PATTERN.test(ref)) return true;
  let u: URL;
  try {
    u = new URL(ref);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (!host.includes('.')) return false; // localhost, metadata, db …
  if (host.startsWith('[') || /^[0-9.]+$/.test(host) || /^0x/i.test(host)) return false; // IP literals
  if (/\.(localhost|local|internal|lan|home|intranet|corp|localdomain)$/.test(host)) return false;
  return true;
}

/** A photo reference in a body: our own image id, or a public https link (see `isAcceptablePhotoRef`). */
export const photoRef = z.string().trim().min(1).max(500).refine(isAcceptablePhotoRef, 'photo_ref_not_ours');
