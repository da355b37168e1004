/**
 * The database connection lost in the middle of a request (a failover: FATAL 57P01 "terminating
 * connection due to administrator command"). The error is injected in the database driver itself —
 * PGlite's `query`, or node-postgres' `Client.query` with TEST_DATABASE_URL — as pg's own
 * DatabaseError, for the next statement whose text matches. A GET (or a write marked idempotent)
 * runs once more; any other write answers 503 server.unavailable with Retry-After.
 */
import { PGlite } from '@electric-sql/pglite';
import test from 'ava';
import pg from 'pg';
import { createTestContext, type TestContext } from '../../helpers/context';
import { shop } from '../modules/merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** The next `times` statements matching `sql` fail as a terminated backend does; counts the matches. */
const armed = { sql: /$^/, times: 0, seen: 0 };
function lose(sql: RegExp, times: number) {
  Object.assign(armed, { sql, times, seen: 0 });
}
function injected(text: unknown) {
  if (typeof text !== 'string' || !armed.sql.test(text)) return;
  armed.seen++;
  if (armed.times <= 0) return;
  armed.times--;
  const err = new pg.DatabaseError('terminating connection due to administrator command', 0, 'error');
  err.code = '57P01';
  err.severity = 'FATAL';
  throw err;
}
const pgliteQuery = PGlite.prototype.query;
PGlite.prototype.query = function (this: PGlite, ...args: Parameters<PGlite['query']>) {
  injected(args[0]);
  return pgliteQuery.apply(this, args);
} as PGlite['query'];
// Statements inside a transaction go through the transaction's own `query`.
const pgliteTransaction = PGlite.prototype.transaction;
PGlite.prototype.transaction = function (this: PGlite, fn: Parameters<PGlite['transaction']>[0]) {
  return pgliteTransaction.call(this, (tx) => {
    const query = tx.query;
    tx.query = ((...args: Parameters<typeof query>) => {
      injected(args[0]);
      return query.apply(tx, args);
    }) as typeof query;
    return fn(tx);
  });
} as PGlite['transaction'];
// biome-ignore lint/suspicious/noExplicitAny: node-postgres' overloaded query
const clientQuery = pg.Client.prototype.query as any;
// biome-ignore lint/suspicious/noExplicitAny: the same overloads
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
  try {
    injected(text);
  } catch (err) {
    // The pool calls with a callback, drizzle's transactions without.
    const cb = args[args.length - 1];
    if (typeof cb !== 'function') return Promise.reject(err);
    process.nextTick(() => cb(err));
    return undefined;
  }
  return clientQuery.apply(this, args);
};
test.afterEach.always(() => lose(/$^/, 0));

const MERCHANTS = /from "merchants"/;

test.serial('a GET whose connection is lost once is answered by its retry', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  const m = await shop(ctx, officer, { name: '重试的店' });
  ctx.app.readCache.invalidate();
  lose(MERCHANTS, 1);
  const r = await ctx.request().get('/api/v1/alliance/merchants').set(volunteer.auth);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(
    (r.body.merchants as Array<{ id: number }>).map((e) => e.id),
    [m.id],
  );
  t.is(armed.seen, 2, 'the read ran twice: the lost one and its retry');
});

test.serial(
  'a GET lost twice answers 503 server.unavailable with Retry-After, in either language',
  async (t) => {
    const c = await ctx.addCommunity();
    const volunteer = await ctx.addUser('volunteer', c.id);
    ctx.app.readCache.invalidate();
    lose(MERCHANTS, 2);
    const r = await ctx.request().get('/api/v1/alliance/merchants').set(volunteer.auth);
    t.is(r.status, 503);
    t.is(r.body.error.code, 'server.unavailable');
    t.is(r.headers['retry-after'], '2');
    t.is(r.body.error.message, '系统繁忙，请稍后重试');
    t.is(armed.seen, 2, 'retried once only');

    ctx.app.readCache.invalidate();
    lose(MERCHANTS, 2);
    const en = await ctx
      .request()
      .get('/api/v1/alliance/merchants')
      .set(volunteer.auth)
      .set('Accept-Language', 'en');
    t.is(en.status, 503);
    t.is(en.body.error.message, 'The database is briefly unavailable; try again shortly');
  },
);

test.serial('a write that is not idempotent is not run again: 503 with Retry-After', async (t) => {
  const c = await ctx.addCommunity();
  const volunteer = await ctx.addUser('volunteer', c.id);
  lose(/^update "users"/, 1);
  const r = await ctx.request().put('/api/v1/me/profile').set(volunteer.auth).send({ displayName: '新名字' });
  t.is(r.status, 503, JSON.stringify(r.body));
  t.is(r.body.error.code, 'server.unavailable');
  t.is(r.headers['retry-after'], '2');
  t.is(armed.seen, 1, 'the update was tried once');
  // Nothing was written; the client's own retry works.
  const again = await ctx
    .request()
    .put('/api/v1/me/profile')
    .set(volunteer.auth)
    .send({ displayName: '新名字' });
  t.is(again.status, 200);
  t.is(again.body.displayName, '新名字');
});

test.serial('other errors are not retried', async (t) => {
  const c = await ctx.addCommunity();
  const volunteer = await ctx.addUser('volunteer', c.id);
  ctx.app.readCache.invalidate();
  // A bug, not a lost connection: one attempt, a 500.
  const real = ctx.services.merchants.directory;
  let calls = 0;
  ctx.services.merchants.directory = async () => {
    calls++;
    throw new Error('boom');
  };
  t.teardown(() => {
    ctx.services.merchants.directory = real;
  });
  const r = await ctx.request().get('/api/v1/alliance/merchants').set(volunteer.auth);
  t.is(r.status, 500);
  t.is(calls, 1);
});
