import test from 'ava';
import { notify } from '../../../../server/src/modules/notifications/notifications.service';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const list = async (auth: { Authorization: string }) =>
  (await ctx.request().get('/api/v1/me/notifications').set(auth)).body as {
    unread: number;
    notifications: Array<{ id: number; read: boolean; title: string }>;
  };

test('messages are marked read one by one or all at once, only the reader’s own', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  const other = await ctx.addUser('volunteer', c.id);
  const now = ctx.clock.now();
  const ids: number[] = [];
  for (const title of ['一', '二', '三'])
    ids.push((await notify(ctx.db, v.id, { kind: 'test', title, body: '' }, now))!);
  const theirs = (await notify(ctx.db, other.id, { kind: 'test', title: '别人的', body: '' }, now))!;

  let mine = await list(v.auth);
  t.is(mine.unread, 3);
  t.deepEqual(
    mine.notifications.map((n) => [n.title, n.read]),
    [
      ['三', false],
      ['二', false],
      ['一', false],
    ],
  );

  // Someone else's id is ignored, not marked.
  const r = await ctx
    .request()
    .post('/api/v1/me/notifications/read')
    .set(v.auth)
    .send({ ids: [ids[0], theirs] });
  t.is(r.status, 200);
  t.deepEqual(r.body, { marked: 1, unread: 2 });
  t.is((await list(other.auth)).unread, 1);
  mine = await list(v.auth);
  t.deepEqual(
    mine.notifications.map((n) => n.read),
    [false, false, true],
  );

  const all = await ctx.request().post('/api/v1/me/notifications/read').set(v.auth).send({});
  t.deepEqual(all.body, { marked: 2, unread: 0 });
  t.is((await list(other.auth)).unread, 1);
  // Again: nothing left to mark.
  t.deepEqual((await ctx.request().post('/api/v1/me/notifications/read').set(v.auth).send({})).body, {
    marked: 0,
    unread: 0,
  });

  const bad = await ctx
    .request()
    .post('/api/v1/me/notifications/read')
    .set(v.auth)
    .send({ ids: ['x'] });
  t.is(bad.status, 400);
  t.is(bad.body.error.code, 'request.invalid');
  t.is((await ctx.request().post('/api/v1/me/notifications/read').send({})).status, 401);
});

test('a message with a key is written once however often it is tried', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  const now = ctx.clock.now();
  const message = { kind: 'test', title: '一次', body: '', dedupeKey: `test:${v.id}` };
  const results = await Promise.all([1, 2, 3, 4].map(() => notify(ctx.db, v.id, message, now)));
  t.is(results.filter((r) => r !== undefined).length, 1);
  t.is((await list(v.auth)).notifications.length, 1);
});
