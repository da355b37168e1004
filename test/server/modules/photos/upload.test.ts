import { crc32 } from 'node:zlib';
import test from 'ava';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { photos } from '../../../../server/src/modules/photos/photos.table';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';

const MAX_BYTES = 200_000;
let ctx: TestContext;
let communityId: number;
test.before(async () => {
  ctx = await createTestContext({ PHOTO_MAX_BYTES: String(MAX_BYTES) });
  communityId = (await ctx.addCommunity()).id;
});
test.after.always(async () => {
  await ctx?.close();
});

/** A small picture with a gradient, so that each format's encoder has something to keep. */
const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).composite([
    {
      input: Buffer.from(
        `<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#1565c0"/></svg>`,
      ),
    },
  ]);

async function consenting(): Promise<TestUser> {
  const v = await ctx.addUser('volunteer', communityId);
  const r = await ctx.request().put('/api/v1/me/profile').set(v.auth).send({ consentVersion: '2026-12' });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return v;
}

const upload = (u: TestUser, body: Buffer, type: string, purpose = 'profile') =>
  ctx.request().post(`/api/v1/photos?purpose=${purpose}`).set(u.auth).set('Content-Type', type).send(body);

const count = async () => Number((await ctx.db.select({ n: sql<number>`count(*)` }).from(photos))[0]!.n);

for (const [format, type] of [
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
] as const) {
  test.serial(
    `a ${format} upload is re-encoded at 640 and 160 px and stored by the hash of its bytes`,
    async (t) => {
      const v = await consenting();
      const input = await picture(1200, 900).toFormat(format).toBuffer();
      const r = await upload(v, input, type);
      t.is(r.status, 201, JSON.stringify(r.body));
      t.regex(r.body.photoRef, /^ph_[0-9a-f]{64}$/);
      t.deepEqual([r.body.width, r.body.height], [640, 480]);
      const [row] = await ctx.db.select().from(photos).where(eq(photos.ref, r.body.photoRef));
      t.truthy(row);
      t.is(row!.ownerId, v.id);
      t.is(row!.purpose, 'profile');
      const { createHash } = await import('node:crypto');
      t.is(`ph_${createHash('sha256').update(row!.large).digest('hex')}`, r.body.photoRef);
      const large = await sharp(row!.large).metadata();
      const small = await sharp(row!.small).metadata();
      t.deepEqual([large.format, large.width, large.height], ['jpeg', 640, 480]);
      t.deepEqual([small.format, small.width, small.height], ['jpeg', 160, 120]);
      // The same bytes again: the same id, one row.
      const before = await count();
      const again = await upload(v, input, type);
      t.is(again.status, 201);
      t.is(again.body.photoRef, r.body.photoRef);
      t.is(await count(), before);
    },
  );
}

test.serial('EXIF (with GPS) is stripped and the picture turned upright by its orientation', async (t) => {
  const v = await consenting();
  // 400×300 stored, orientation 6: shown rotated, 300×400.
  const input = await picture(400, 300)
    .jpeg()
    .withMetadata({
      orientation: 6,
      exif: { IFD0: { Copyright: 'secret-owner', Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N' } },
    })
    .toBuffer();
  const before = await sharp(input).metadata();
  t.truthy(before.exif);
  t.is(before.orientation, 6);
  const r = await upload(v, input, 'image/jpeg');
  t.is(r.status, 201, JSON.stringify(r.body));
  t.deepEqual([r.body.width, r.body.height], [300, 400]);
  const [row] = await ctx.db.select().from(photos).where(eq(photos.ref, r.body.photoRef));
  for (const bytes of [row!.large, row!.small]) {
    const meta = await sharp(bytes).metadata();
    t.is(meta.exif, undefined);
    t.is(meta.xmp, undefined);
    t.is(meta.orientation, undefined);
    t.false(bytes.includes(Buffer.from('secret-owner')));
    t.false(bytes.includes(Buffer.from('PhoneCo')));
  }
});

test.serial('WeChat uploadFile: a multipart form with one file', async (t) => {
  const v = await consenting();
  const input = await picture(300, 300).png().toBuffer();
  const r = await ctx
    .request()
    .post('/api/v1/photos?purpose=profile')
    .set(v.auth)
    .attach('file', input, { filename: 'tmp_abc.png', contentType: 'image/png' });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.deepEqual([r.body.width, r.body.height], [300, 300]);
});

test.serial('a wrong type → 415 photos.unsupported_type, and nothing is stored', async (t) => {
  const v = await consenting();
  const before = await count();
  const gif = await picture(50, 50).gif().toBuffer();
  for (const [body, type] of [
    [gif, 'image/gif'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
    [await picture(50, 50).jpeg().toBuffer(), 'text/plain'],
    // Declared as JPEG, but the bytes are a GIF: the bytes decide.
    [gif, 'image/jpeg'],
  ] as const) {
    const r = await upload(v, body, type);
    t.is(r.status, 415, `${type}: ${JSON.stringify(r.body)}`);
    t.is(r.body.error.code, 'photos.unsupported_type');
    t.truthy(r.body.error.message);
  }
  t.is(await count(), before);
});

test.serial('too large → 413 photos.too_large (declared or streamed), and nothing is stored', async (t) => {
  const v = await consenting();
  const before = await count();
  const big = Buffer.concat([await picture(50, 50).jpeg().toBuffer(), Buffer.alloc(MAX_BYTES)]);
  const r = await upload(v, big, 'image/jpeg');
  t.is(r.status, 413, JSON.stringify(r.body));
  t.is(r.body.error.code, 'photos.too_large');
  const form = await ctx
    .request()
    .post('/api/v1/photos?purpose=profile')
    .set(v.auth)
    .attach('file', big, { filename: 'big.jpg', contentType: 'image/jpeg' });
  t.is(form.status, 413, JSON.stringify(form.body));
  t.is(form.body.error.code, 'photos.too_large');
  t.is(await count(), before);
});

test.serial('a chunked body without a length that runs past the limit → 413, answered', async (t) => {
  const v = await consenting();
  const before = await count();
  const { request } = await import('node:http');
  const server = (await import('node:http')).createServer(ctx.app.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/photos?purpose=profile',
          headers: { ...v.auth, 'Content-Type': 'image/jpeg', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Chunks until the server answers (it stops reading past the limit).
      const chunk = Buffer.alloc(16_384, 1);
      let sent = 0;
      const pump = () => {
        while (sent < MAX_BYTES * 3) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    t.is(status.status, 413, status.body);
    t.is(JSON.parse(status.body).error.code, 'photos.too_large');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  t.is(await count(), before);
});

test.serial('not an image → 400 photos.not_an_image (garbage, truncated, empty)', async (t) => {
  const v = await consenting();
  const before = await count();
  const jpeg = await picture(200, 200).jpeg().toBuffer();
  for (const body of [Buffer.from('hello, this is not a picture'), jpeg.subarray(0, 40), Buffer.alloc(0)]) {
    const r = await upload(v, body, 'image/jpeg');
    t.is(r.status, 400, JSON.stringify(r.body));
    t.is(r.body.error.code, 'photos.not_an_image');
  }
  t.is(await count(), before);
});

/** A PNG whose header claims `width`×`height` (its CRC fixed), over a few real bytes. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await picture(8, 8).png().toBuffer());
  // IHDR: length(4) type(4) at offset 8; width at 16, height at 20, CRC over type+data at 29.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

test.serial(
  'a decompression bomb → 400 photos.too_many_pixels before decoding, nothing stored',
  async (t) => {
    const v = await consenting();
    const before = await count();
    const bomb = await pngClaiming(50_000, 50_000);
    t.true(bomb.length < 1000);
    const r = await upload(v, bomb, 'image/png');
    t.is(r.status, 400, JSON.stringify(r.body));
    t.is(r.body.error.code, 'photos.too_many_pixels');
    t.is(await count(), before);
  },
);

test.serial('a profile photo needs consent on record; a product photo does not', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  const input = await picture(100, 100).jpeg().toBuffer();
  const r = await upload(v, input, 'image/jpeg');
  t.is(r.status, 400, JSON.stringify(r.body));
  t.is(r.body.error.code, 'profile.consent_required');
  const p = await upload(v, input, 'image/jpeg', 'product');
  t.is(p.status, 201, JSON.stringify(p.body));
  const bad = await upload(v, input, 'image/jpeg', 'avatar');
  t.is(bad.status, 400);
  t.is(bad.body.error.code, 'request.invalid');
});

test.serial('uploading needs a signed-in user', async (t) => {
  const r = await ctx
    .request()
    .post('/api/v1/photos?purpose=product')
    .set('Content-Type', 'image/jpeg')
    .send(await picture(20, 20).jpeg().toBuffer());
  t.is(r.status, 401);
  t.is(r.body.error.code, 'auth.required');
});
