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
 *
 * When the per-request fields are a function of one more cached object (a volunteer's cached
 * enrolments, say), the caller names that object as `source` and the whole answer is kept beside the
 * rows: the next request that comes with the same rows and the same source gets the same answer
 * without assembling it again. Both are cache entries that are replaced, never changed, so a new
 * list or a new source is a new key and nothing outlives its inputs.
 */

const BODY = Symbol('encoded body');
const rowJson = new WeakMap<object, Buffer>();
/** Whole answers by rows, then by source (NO_SOURCE without per-request fields), then by key. */
const answers = new WeakMap<object, WeakMap<object, Map<string, object>>>();
const NO_SOURCE = {};
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
  /** What `extra` depends on, when that is a cached object of its own: the answer is kept (above). */
  source?: object,
): { [P in K]: Array<T & E> } {
  type Answer = { [P in K]: Array<T & E> };
  const from = extra ? source : NO_SOURCE;
  if (from === undefined) return assemble(key, rows, extra);
  let bySource = answers.get(rows);
  if (!bySource) {
    bySource = new WeakMap();
    answers.set(rows, bySource);
  }
  let byKey = bySource.get(from);
  if (!byKey) {
    byKey = new Map();
    bySource.set(from, byKey);
  }
  const kept = byKey.get(key) as Answer | undefined;
  if (kept) return kept;
  const answer = assemble(key, rows, extra);
  byKey.set(key, answer);
  return answer;
}

function assemble<K extends string, T extends object, E extends object>(
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
      // Frozen: the same answer may be handed to many requests.
      items ??= Object.freeze(rows.map((r, i) => Object.freeze({ ...r, ...(extras?.[i] as E) }))) as Array<
        T & E
      >;
      return items;
    },
  });
  Object.defineProperty(answer, BODY, { value: Buffer.concat(parts) });
  return answer;
}

/** The encoded body of an answer made by `listAnswer`, if it is one (shared: never write into it). */
export function encodedBody(result: unknown): Buffer | undefined {
  if (!result || typeof result !== 'object') return undefined;
  return (result as { [BODY]?: Buffer })[BODY];
}
