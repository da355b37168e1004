import test from 'ava';
import { and, eq } from 'drizzle-orm';
import {
  notifications,
  wechatOutbox,
  wechatSubscriptions,
} from '../../../../server/src/modules/notifications/notifications.table';
import {
  createReminderScheduler,
  tomorrowRange,
} from '../../../../server/src/modules/reminders/reminders.scheduler';
import {
  createTestContext,
  publishedActivity,
  type TestContext,
  type TestUser,
} from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext({ WECHAT_TEMPLATE_ACTIVITY_REMINDER: 'tmpl-remind' });
});
test.after.always(async () => {
  await ctx?.close();
});

/** A published activity starting at a local (Asia/Shanghai) time, e.g. '2026-11-26T00:30'. */
async function activityAt(officer: TestUser, local: string, title: string) {
  const startsAt = new Date(`${local}:00+08:00`).getTime();
  const minutes = Math.round((startsAt - ctx.clock.now().getTime()) / 60_000);
  return publishedActivity(ctx, officer, { title }, minutes, 60);
}

async function enrol(v: TestUser, activityId: number) {
  const r = await ctx.request().post(`/api/v1/activities/${activityId}/enrolment`).set(v.auth);
  if (r.status !== 200) throw new Error(`enrol failed: ${r.status} ${JSON.stringify(r.body)}`);
}

async function reminders(userId: number) {
  return ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'activity.reminder')))
    .orderBy(notifications.id);
}

const scheduler = () => createReminderScheduler({ db: ctx.db, clock: ctx.clock });

test('tomorrow is the next calendar day in Asia/Shanghai, not in UTC', (t) => {
  // 01:00 on 26 Nov in Shanghai is still 25 Nov in UTC.
  const r = tomorrowRange(new Date('2026-11-25T17:00:00Z'));
  t.is(r.from.toISOString(), '2026-11-26T16:00:00.000Z');
  t.is(r.to.toISOString(), '2026-11-27T16:00:00.000Z');
});

test.serial(
  'volunteers enrolled in a published activity starting tomorrow are reminded once; today and the day after are not',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const other = await ctx.addUser('volunteer', c.id);
    // The clock is 25 Nov 2026, 10:00 in Shanghai.
    const early = await activityAt(officer, '2026-11-26T00:30', '凌晨送餐');
    const late = await activityAt(officer, '2026-11-26T23:59', '夜间巡逻');
    const tonight = await activityAt(officer, '2026-11-25T23:59', '今晚活动');
    const dayAfter = await activityAt(officer, '2026-11-27T00:00', '后天活动');
    for (const id of [early, late, tonight, dayAfter]) await enrol(v, id);
    await enrol(other, early);

    const first = await scheduler().runOnce(ctx.clock.now());
    t.is(first.reminded, 3);
    const mine = await reminders(v.id);
    t.deepEqual(
      mine.map((n) => (n.data as { activityId: number }).activityId),
      [early, late],
    );
    t.is(mine[0]!.title, '明天有活动');
    t.regex(mine[0]!.body, /凌晨送餐.*11月26日 00:30/);
    t.is(mine[0]!.dedupeKey, `activity.reminder:${early}:${v.id}`);
    t.is((await reminders(other.id)).length, 1);

    // Later passes, on this process or another, write nothing new.
    ctx.clock.advance(3 * 3600_000);
    t.is((await scheduler().runOnce(ctx.clock.now())).reminded, 0);
    t.is((await reminders(v.id)).length, 2);

    // The volunteer sees it in the message centre, unread.
    const list = (await ctx.request().get('/api/v1/me/notifications').set(v.auth)).body;
    t.is(list.notifications[0].kind, 'activity.reminder');
    t.false(list.notifications[0].read);
    ctx.clock.set('2026-11-25T02:00:00.000Z');
  },
);

test.serial('a cancelled activity or a cancelled enrolment gets no reminder', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const cancelled = await activityAt(officer, '2026-11-26T09:00', '取消的活动');
  const kept = await activityAt(officer, '2026-11-26T14:00', '照常的活动');
  await enrol(v, cancelled);
  await enrol(v, kept);
  t.is((await ctx.request().post(`/api/v1/activities/${cancelled}/cancel`).set(officer.auth)).status, 200);
  t.is((await ctx.request().delete(`/api/v1/activities/${kept}/enrolment`).set(v.auth)).status, 200);

  await scheduler().runOnce(ctx.clock.now());
  t.deepEqual(await reminders(v.id), []);
});

test.serial('outside 08:00–21:00 local the loop waits; runOnce itself always runs', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const id = await activityAt(officer, '2026-11-26T10:00', '上午活动');
  await enrol(v, id);
  const s = scheduler();
  t.is((await s.tick(new Date('2026-11-25T14:30:00Z'))).reminded, 0); // 22:30 in Shanghai
  t.is((await reminders(v.id)).length, 0);
  t.is((await s.tick(new Date('2026-11-25T12:00:00Z'))).reminded, 1); // 20:00 in Shanghai
  t.is((await reminders(v.id)).length, 1);
});

test.serial(
  'two processes running the scheduler at the same moment write each reminder, and spend each credit, exactly once',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const volunteers = await Promise.all([1, 2, 3, 4, 5].map(() => ctx.addUser('volunteer', c.id)));
    const a1 = await activityAt(officer, '2026-11-26T08:00', '早市帮忙');
    const a2 = await activityAt(officer, '2026-11-26T15:00', '陪老人下棋');
    for (const v of volunteers) {
      await enrol(v, a1);
      await enrol(v, a2);
    }
    // The first volunteer accepted the reminder template twice: two credits for four... two reminders.
    const first = volunteers[0]!;
    for (let i = 0; i < 2; i++) {
      const r = await ctx
        .request()
        .post('/api/v1/me/wechat-subscriptions')
        .set(first.auth)
        .send({ templateIds: ['tmpl-remind'] });
      t.is(r.status, 200);
    }
    // A third credit must survive: two reminders spend two.
    await ctx
      .request()
      .post('/api/v1/me/wechat-subscriptions')
      .set(first.auth)
      .send({ templateIds: ['tmpl-remind'] });

    const results = await Promise.all([
      scheduler().runOnce(ctx.clock.now()),
      scheduler().runOnce(ctx.clock.now()),
      scheduler().runOnce(ctx.clock.now()),
    ]);
    t.is(
      results.reduce((s, r) => s + r.reminded, 0),
      10,
    );
    for (const v of volunteers) {
      const mine = await reminders(v.id);
      t.is(mine.length, 2, `volunteer ${v.id}`);
    }
    const outbox = await ctx.db.select().from(wechatOutbox).where(eq(wechatOutbox.userId, first.id));
    t.is(outbox.length, 2);
    const [sub] = await ctx.db
      .select()
      .from(wechatSubscriptions)
      .where(eq(wechatSubscriptions.userId, first.id));
    t.is(sub!.credits, 1);
    // Nobody else subscribed, so nothing else is queued.
    t.is((await ctx.db.select().from(wechatOutbox)).length, 2);
  },
);
