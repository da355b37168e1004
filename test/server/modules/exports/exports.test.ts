import test from 'ava';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { Response } from 'supertest';
import { createExportsService } from '../../../../server/src/modules/exports/exports.service';
import { csvLine, neutralize } from '../../../../server/src/modules/exports/exports.writers';
import { users } from '../../../../server/src/modules/users/users.table';
import { activeMerchant, certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { assertError } from '../../../helpers/api';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';

let ctx: TestContext;
let officer: TestUser;
let otherOfficer: TestUser;
let admin: TestUser;
let farAdmin: TestUser;
let volunteer: TestUser;
let communityId: number;
let shopName: string;

/** RFC 4180: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

function download(path: string, user: TestUser) {
  return ctx
    .request()
    .get(`/api/v1${path}`)
    .set(user.auth)
    .buffer(true)
    .parse(binary as never);
}

test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity('紫瑞街社区');
  communityId = c.id;
  const other = await ctx.addCommunity('桂湖社区', { districtId: c.districtId });
  const far = await ctx.addCommunity('远方社区');
  officer = await ctx.addUser('officer', c.id);
  otherOfficer = await ctx.addUser('officer', other.id);
  admin = await ctx.addUser('district_admin', other.id);
  farAdmin = await ctx.addUser('district_admin', far.id);
  volunteer = await certifiedVolunteer(ctx, officer);
  await ctx.db
    .update(users)
    .set({ realName: '=王阿姨,"大姐"', phone: '13812345678' })
    .where(eq(users.id, volunteer.id));
  const shop = await activeMerchant(ctx, officer);
  const m = await ctx.request().get(`/api/v1/merchants/${shop.id}`).set(officer.auth);
  shopName = m.body.merchant?.name ?? m.body.name;
  const device = await openDevice(ctx, volunteer);
  const check = await ctx
    .request()
    .post('/api/v1/verifications')
    .set(shop.owner.auth)
    .send({ code: device.code() });
  await ctx
    .request()
    .post(`/api/v1/verifications/${check.body.id}/discount`)
    .set(shop.owner.auth)
    .send({ billAmount: 50, savingAmount: 10 });
});
test.after.always(async () => {
  await ctx?.close();
});

const PERIOD = 'from=2026-11-01&to=2026-11-30';

test('CSV cells are quoted per RFC 4180 and formulas are neutralised', (t) => {
  t.is(csvLine(['a', 'b,c', 'say "hi"', 'x\ny', null, 1.5]), 'a,"b,c","say ""hi""","x\ny",,1.5\r\n');
  t.is(neutralize('=SUM(A1)'), "'=SUM(A1)");
  t.is(neutralize('+1'), "'+1");
  t.is(neutralize('-1'), "'-1");
  t.is(neutralize('@cmd'), "'@cmd");
  t.is(neutralize('王阿姨'), '王阿姨');
});

test.serial('volunteer hours as CSV: BOM, header, one row per volunteer, masked phone', async (t) => {
  const r = await download(`/exports/hours?${PERIOD}`, officer);
  t.is(r.status, 200);
  t.regex(r.headers['content-type'] ?? '', /^text\/csv; charset=utf-8/);
  t.regex(
    r.headers['content-disposition'] ?? '',
    /^attachment; filename="volunteer-hours_.*_2026-11-01_2026-11-30\.csv"; filename\*=UTF-8''/,
  );
  const body = r.body as Buffer;
  t.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(body.toString('utf8').slice(1));
  t.deepEqual(rows[0], [
    '志愿者编号',
    '姓名',
    '手机号',
    '服务时长(小时)',
    '积分',
    '参加活动数',
    '起始日期',
    '截止日期',
  ]);
  t.is(rows.length, 2);
  t.deepEqual(rows[1], [
    String(volunteer.id),
    `'=王阿姨,"大姐"`,
    '138****5678',
    '3',
    '3',
    '1',
    '2026-11-01',
    '2026-11-30',
  ]);
  t.false(body.toString('utf8').includes('13812345678'));
});

test.serial('a period without service gives only the header', async (t) => {
  const r = await download('/exports/hours?from=2026-10-01&to=2026-10-31', officer);
  t.is(r.status, 200);
  t.is(parseCsv((r.body as Buffer).toString('utf8').slice(1)).length, 1);
});

test.serial('volunteer hours as XLSX: a zip whose sheet holds the values', async (t) => {
  const r = await download(`/exports/hours?${PERIOD}&format=xlsx`, officer);
  t.is(r.status, 200);
  t.is(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.regex(r.headers['content-disposition'] ?? '', /\.xlsx"/);
  const files = unzipSync(new Uint8Array(r.body as Buffer));
  t.truthy(files['[Content_Types].xml']);
  t.truthy(files['xl/workbook.xml']);
  t.truthy(files['_rels/.rels']);
  const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
  t.true(sheet.includes('<t xml:space="preserve">志愿者编号</t>'));
  t.true(sheet.includes('138****5678'));
  t.true(sheet.includes(`'=王阿姨,&quot;大姐&quot;`));
  t.true(sheet.includes('<v>3</v>'));
  t.regex(sheet, /<row r="2">/);
});

test.serial('the XLSX exports open in a spreadsheet program (read back with ExcelJS)', async (t) => {
  for (const report of ['hours', 'discounts']) {
    const r = await download(`/exports/${report}?${PERIOD}&format=xlsx`, officer);
    t.is(r.status, 200);
    const book = new ExcelJS.Workbook();
    const body = r.body as Buffer;
    await book.xlsx.load(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    const sheet = book.worksheets[0];
    t.truthy(sheet, `${report}: a worksheet`);
    t.is(sheet!.rowCount, 2, `${report}: header and one row`);
    const header = (sheet!.getRow(1).values as unknown[]).slice(1);
    t.true(header.length >= 5, `${report}: ${header.join(',')}`);
    const values = (sheet!.getRow(2).values as unknown[]).slice(1);
    // (an empty last cell, such as a note left blank, is simply absent)
    t.true(
      values.length <= header.length && values.length >= header.length - 2,
      `${report}: cells under headings`,
    );
    if (report === 'hours') {
      t.is(header[0], '志愿者编号');
      t.true(values.includes('138****5678'));
      t.true(values.includes(3), 'points are numbers, not text');
    } else {
      t.true(values.includes(shopName));
      t.true(values.includes(10));
    }
  }
  // The CSV opens too: ExcelJS reads it with its UTF-8 BOM and quoted cells.
  const csv = await download(`/exports/hours?${PERIOD}`, officer);
  const { Readable } = await import('node:stream');
  const fromCsv = await new ExcelJS.Workbook().csv.read(
    Readable.from([(csv.body as Buffer).toString('utf8').slice(1)]),
  );
  t.is(fromCsv.getRow(1).getCell(1).value, '志愿者编号');
  t.is(fromCsv.rowCount, 2);
});

test.serial('the ledger as CSV, line by line', async (t) => {
  const r = await download(`/exports/ledger?${PERIOD}`, officer);
  t.is(r.status, 200);
  const rows = parseCsv((r.body as Buffer).toString('utf8').slice(1));
  t.is(rows[0]?.[0], '流水号');
  t.is(rows.length, 2);
  t.is(rows[1]?.[1], '2026-11-25 10:00:00');
  t.is(rows[1]?.[2], String(volunteer.id));
  t.is(rows[1]?.[8], '3');
  const xlsx = await ctx.request().get(`/api/v1/exports/ledger?${PERIOD}&format=xlsx`).set(officer.auth);
  assertError(t, xlsx, 400, 'request.invalid');
});

test.serial("merchants' checks and discounts, as CSV and XLSX", async (t) => {
  const r = await download(`/exports/discounts?${PERIOD}`, officer);
  t.is(r.status, 200);
  const rows = parseCsv((r.body as Buffer).toString('utf8').slice(1));
  t.is(rows.length, 2);
  t.is(rows[1]?.[3], shopName);
  t.is(rows[1]?.[5], '通过');
  t.is(rows[1]?.[8], '\'=*******"', 'the holder masked (and neutralised)');
  t.is(rows[1]?.[9], '50');
  t.is(rows[1]?.[10], '10');
  const x = await download(`/exports/discounts?${PERIOD}&format=xlsx`, officer);
  const sheet = new TextDecoder().decode(
    unzipSync(new Uint8Array(x.body as Buffer))['xl/worksheets/sheet1.xml'],
  );
  t.true(sheet.includes(shopName));
  t.true(sheet.includes('<v>10</v>'));
});

test.serial('district administrators export communities of their district only', async (t) => {
  const ok = await download(`/exports/hours?${PERIOD}&communityId=${communityId}`, admin);
  t.is(ok.status, 200);
  t.is(parseCsv((ok.body as Buffer).toString('utf8').slice(1)).length, 2);
  const far = await ctx
    .request()
    .get(`/api/v1/exports/hours?${PERIOD}&communityId=${communityId}`)
    .set(farAdmin.auth);
  assertError(t, far, 403, 'auth.wrong_community');
});

test.serial('volunteers and other communities are refused; a bad period is a 400', async (t) => {
  for (const path of ['hours', 'ledger', 'discounts']) {
    const v = await ctx.request().get(`/api/v1/exports/${path}?${PERIOD}`).set(volunteer.auth);
    assertError(t, v, 403, 'auth.forbidden');
    const o = await ctx
      .request()
      .get(`/api/v1/exports/${path}?${PERIOD}&communityId=${communityId}`)
      .set(otherOfficer.auth);
    assertError(t, o, 403, 'auth.wrong_community');
    for (const q of [
      'from=2026-11-30&to=2026-11-01',
      'from=2026-11-01',
      'from=2025-01-01&to=2026-11-30',
      'from=x&to=y',
    ]) {
      const bad = await ctx.request().get(`/api/v1/exports/${path}?${q}`).set(officer.auth);
      assertError(t, bad, 400, 'request.invalid');
    }
  }
  const anon = await ctx.request().get(`/api/v1/exports/hours?${PERIOD}`);
  assertError(t, anon, 401, 'auth.required');
});

test.serial('rows are read in keyset batches and all arrive', async (t) => {
  const more: number[] = [];
  for (let i = 0; i < 4; i++) more.push((await certifiedVolunteer(ctx, officer)).id);
  const svc = createExportsService({ db: ctx.db, batchSize: 2 });
  const file = await svc.hours(
    { id: officer.id, role: 'officer', communityId },
    { ...{ from: '2026-11-01', to: '2026-11-30' }, format: 'csv' },
  );
  const chunks: Buffer[] = [];
  for await (const c of file.body as AsyncIterable<Buffer>) chunks.push(c);
  t.true(chunks.length >= 4, `${chunks.length} chunks`);
  const rows = parseCsv(Buffer.concat(chunks).toString('utf8').slice(1));
  t.deepEqual(
    rows.slice(1).map((r) => Number(r[0])),
    [volunteer.id, ...more],
  );
});
