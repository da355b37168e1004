/**
 * List answers assembled from cached rows, encoded once.
 *
 * The community-level lists (the activity list, the alliance directory) come out of the read
 * microcache as the same row objects for every request. Serialising them again for every answer was
 * the largest cost of those reads (JSON.stringify, then the byte length of a long string). Each row's
 * JSON is kept beside it instead (a WeakMap: gone with the row when the cache lets it go), and an
 * answer is the concatenation of those encodings plus the few fields that differ per request (a
 * volunteer's `enrolled`, a distance).
 *
 * The answer is still an ordinary object for whoever reads it (services' callers, tests): its list is
 * built on first access. The route sends the encoded body (`encodedBody`) without serialising.
 */

const BODY = Symbol('encoded body');
const rowJson = new WeakMap<object, Buffer>();
/** Encodings of the small per-request parts (`"enrolled":true}`): a handful of distinct values. */
const tails = new Map<string, Buffer>();
const MAX_TAILS = 2000;

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** The row's JSON without its closing brace, made once per row object. */
function openRow(row: object): Buffer {
  let b = rowJson.get(row);
  if (b === undefined) {
    const json = JSON.stringify(row);
    b = Buffer.from(json.slice(0, -1));
    rowJson.set(row, b);
  }
  return b;
}

/** `"k":v,…}` for the per-request fields (or `}` for none), preceded by a comma when the row has fields. */
function tailOf(extra: object, rowIsEmpty: boolean): Buffer {
  const json = JSON.stringify(extra);
  const key = rowIsEmpty ? `0${json}` : `1${json}`;
  let b = tails.get(key);
  if (b === undefined) {
    const inner = json.slice(1); // without '{'
    b = Buffer.from(rowIsEmpty || inner === '}' ? inner : `,${inner}`);
    if (tails.size >= MAX_TAILS) tails.clear();
    tails.set(key, b);
  }
  return b;
}

/**
 * `{ [key]: rows with extra(row)'s fields added }`. `rows` must be shared cached objects that are never
 * changed in place (as the read cache requires anyway), and `extra` must not repeat a row's field.
 */
export function listAnswer<K extends string, T extends object, E extends object>(
  key: K,
  rows: readonly T[],
  extra?: (row: T) => E,
): { [P in K]: Array<T & E> } {
  const parts: Buffer[] = [Buffer.from(`{${JSON.stringify(key)}:[`)];
  const extras = extra ? rows.map(extra) : undefined;
  rows.forEach((row, i) => {
    if (i > 0) parts.push(COMMA);
    const open = openRow(row);
    parts.push(open);
    const e = extras?.[i] ?? {};
    for (const k of Object.keys(e)) {
      if (k in row) throw new Error(`listAnswer: extra field ${k} repeats a row field`);
    }
    parts.push(tailOf(e, open.length === OPEN.length));
  });
  parts.push(CLOSE);
  const answer = {} as { [P in K]: Array<T & E> };
  let items: Array<T & E> | undefined;
  Object.defineProperty(answer, key, {
    enumerable: true,
    get: () => {
      items ??= rows.map((r, i) => ({ ...r, ...(extras?.[i] as E) }));
      return items;
    },
  });
  Object.defineProperty(answer, BODY, { value: parts });
  return answer;
}

/** The encoded body of an answer made by `listAnswer`, if it is one. */
export function encodedBody(result: unknown): Buffer | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const parts = (result as { [BODY]?: Buffer[] })[BODY];
  return parts ? Buffer.concat(parts) : undefined;
}
