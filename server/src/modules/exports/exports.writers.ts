import { Readable } from 'node:stream';
import { strToU8, Zip, ZipDeflate } from 'fflate';

/** A cell of an export: text, a number, or empty. */
export type Cell = string | number | null;
export type Batches = AsyncIterable<Cell[][]>;

const BOM = '\uFEFF';

/** Spreadsheet programs run text starting with these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV line (RFC 4180): quoted when needed, quotes doubled, CRLF. */
export function csvLine(cells: Cell[]): string {
  return `${cells
    .map((c) => {
      if (c === null) return '';
      if (typeof c === 'number') return String(c);
      const s = neutralize(c);
      return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',')}\r\n`;
}

/** UTF-8 with a BOM so Excel reads Chinese correctly; one chunk per batch of rows. */
export async function* csvChunks(header: string[], batches: Batches): AsyncGenerator<Buffer> {
  yield Buffer.from(BOM + csvLine(header), 'utf8');
  for await (const rows of batches) yield Buffer.from(rows.map(csvLine).join(''), 'utf8');
}

// XML 1.0 forbids most control characters; they are dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match them
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (s: string) =>
  s
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function column(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A worksheet row: numbers as numbers, text as inline strings (never formulas). */
export function xlsxRow(index: number, cells: Cell[]): string {
  const r = index + 1;
  const cs = cells
    .map((c, i) => {
      const ref = `${column(i)}${r}`;
      if (c === null) return '';
      if (typeof c === 'number' && Number.isFinite(c)) return `<c r="${ref}"><v>${c}</v></c>`;
      return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(neutralize(String(c)))}</t></is></c>`;
    })
    .join('');
  return `<row r="${r}">${cs}</row>`;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const STATIC_PARTS: [string, string][] = [
  [
    '[Content_Types].xml',
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  ],
  [
    '_rels/.rels',
    `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  [
    'xl/_rels/workbook.xml.rels',
    `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  ],
];

/**
 * A minimal XLSX (a zip of a few XML parts) whose worksheet is deflated as the batches arrive; only
 * the compressor's window and the current batch are held in memory.
 */
export async function* xlsxChunks(
  sheetName: string,
  header: string[],
  batches: Batches,
): AsyncGenerator<Buffer> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else out.push(data);
  });
  const drain = () => {
    if (failure) throw failure;
    const chunk = Buffer.concat(out);
    out.length = 0;
    return chunk;
  };
  const workbook = `${HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xml(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  for (const [name, content] of [...STATIC_PARTS, ['xl/workbook.xml', workbook] as [string, string]]) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(strToU8(content), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(sheet);
  let row = 0;
  sheet.push(
    strToU8(
      `${HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xlsxRow(row++, header)}`,
    ),
  );
  yield drain();
  for await (const rows of batches) {
    sheet.push(strToU8(rows.map((cells) => xlsxRow(row++, cells)).join('')));
    const chunk = drain();
    if (chunk.length) yield chunk;
  }
  sheet.push(strToU8('</sheetData></worksheet>'), true);
  zip.end();
  yield drain();
}

export function toStream(chunks: AsyncGenerator<Buffer>): Readable {
  return Readable.from(chunks, { objectMode: false });
}

/** Fetches rows after the last key, a batch at a time, until a short batch. */
export async function* keyset<T>(
  fetch: (after: number) => Promise<T[]>,
  keyOf: (row: T) => number,
  size: number,
): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length) yield rows;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
