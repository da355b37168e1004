import test from 'ava';
import { eq, sql } from 'drizzle-orm';
import { inTransaction } from '../../../../server/src/db/tx';
import { notify } from '../../../../server/src/modules/notifications/notifications.service';
import {
  notifications,
  wechatOutbox,
  wechatSubscriptions,
} from '../../../../server/src/modules/notifications/notifications.table';
import {
  backoffMs,
  createWechatDispatcher,
  createWechatMessenger,
} from '../../../../server/src/modules/notifications/wechat-push';
import { createReminderScheduler } from '../../../../server/src/modules/reminders/reminders.scheduler';
import { users } from '../../../../server/src/modules/users/users.table';
import {
  createTestContext,
  publishedActivity,
  type TestContext,
  type TestUser,
} from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext({
    WECHAT_TEMPLATE_ACTIVITY_REMINDER: 'tmpl-remind',
    WECHAT_TEMPLATE_POINTS_CREDITED: 'tmpl-points',
    WECHAT_MINIPROGRAM_STATE: 'trial',
  });
});
test.after.always(async () => {
  await ctx?.close();
});

function dispatcher(maxAttempts = 5) {
  return createWechatDispatcher({
    db: ctx.db,
    miniprogramState: ctx.config.wechat.miniprogramState,
    maxAttempts,
    messenger: createWechatMessenger({
      baseUrl: ctx.wechat.baseUrl,
      appId: ctx.config.wechat.appId,
      appSecret: ctx.config.wechat.appSecret,
      timeoutMs: 3000,
      clock: ctx.clock,
    }),
  });
}

async function subscribe(v: TestUser, templateIds: string[]) {
  return ctx.request().post('/api/v1/me/wechat-subscriptions').set(v.auth).send({ templateIds });
}

async function credits(userId: number, templateId = 'tmpl-remind') {
  const rows = await ctx.db.select().from(wechatSubscriptions).where(eq(wechatSubscriptions.userId, userId));
  return rows.find((r) => r.templateId === templateId)?.credits ?? 0;
}

async function outboxOf(userId: number) {
  return ctx.db.select().from(wechatOutbox).where(eq(wechatOutbox.userId, userId)).orderBy(wechatOutbox.id);
}

async function openidOf(userId: number) {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, userId));
  return u!.wechatOpenid!;
}

/** A volunteer enrolled in an activity tomorrow at 09:00 local, reminded by the scheduler. */
async function remindedVolunteer(opts: { subscribe: boolean }) {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const startsAt = new Date('2026-11-26T09:00:00+08:00').getTime();
  const id = await publishedActivity(
    ctx,
    officer,
    {
      title: '为独居老人送年夜饭和春联的志愿服务活动（第二期）',
      place: { name: '紫瑞街社区日间照料中心', lat: 30.8236, lng: 104.1589 },
    },
    Math.round((startsAt - ctx.clock.now().getTime()) / 60_000),
    120,
  );
  const enrolled = await ctx.request().post(`/api/v1/activities/${id}/enrolment`).set(v.auth);
  if (enrolled.status !== 200) throw new Error(`enrol failed ${enrolled.status}`);
  if (opts.subscribe) {
    const r = await subscribe(v, ['tmpl-remind']);
    if (r.status !== 200) throw new Error(`subscribe failed ${r.status}`);
  }
  await createReminderScheduler({ db: ctx.db, clock: ctx.clock }).runOnce(ctx.clock.now());
  return { v, activityId: id };
}

test.serial('the volunteer sees the templates to accept and each acceptance is one credit', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  const before = await ctx.request().get('/api/v1/me/wechat-subscriptions').set(v.auth);
  t.is(before.status, 200);
  t.deepEqual(before.body.templates, [
    { kind: 'activity.reminder', templateId: 'tmpl-remind', credits: 0 },
    { kind: 'ledger.credited', templateId: 'tmpl-points', credits: 0 },
  ]);
  const r = await subscribe(v, ['tmpl-remind', 'not-ours', 'tmpl-remind']);
  t.is(r.status, 200);
  t.deepEqual(r.body.ignored, ['not-ours']);
  t.is(r.body.templates[0].credits, 1);
  await subscribe(v, ['tmpl-remind', 'tmpl-points']);
  t.is(await credits(v.id), 2);
  t.is(await credits(v.id, 'tmpl-points'), 1);
  // Never a row for a template we did not configure.
  const rows = await ctx.db.select().from(wechatSubscriptions).where(eq(wechatSubscriptions.userId, v.id));
  t.deepEqual(rows.map((r) => r.templateId).sort(), ['tmpl-points', 'tmpl-remind']);

  // Only volunteers subscribe; bad input is a 400 that changes nothing.
  const officer = await ctx.addUser('officer', c.id);
  t.is((await subscribe(officer, ['tmpl-remind'])).status, 403);
  t.is(
    (
      await ctx
        .request()
        .post('/api/v1/me/wechat-subscriptions')
        .send({ templateIds: ['tmpl-remind'] })
    ).status,
    401,
  );
  const bad = await ctx
    .request()
    .post('/api/v1/me/wechat-subscriptions')
    .set(v.auth)
    .send({ templateIds: 'tmpl-remind' });
  t.is(bad.status, 400);
  t.is(bad.body.error.code, 'request.invalid');
  t.is(await credits(v.id), 2);
});

test.serial('without a credit a reminder stays in the message centre only', async (t) => {
  const { v } = await remindedVolunteer({ subscribe: false });
  t.deepEqual(await outboxOf(v.id), []);
  const r = await dispatcher().runOnce(ctx.clock.now());
  t.deepEqual(r, { sent: 0, retrying: 0, failed: 0 });
});

test.serial(
  'the dispatcher sends the reminder to WeChat with the template and its fields, retries after an error and never sends twice',
  async (t) => {
    const { v } = await remindedVolunteer({ subscribe: true });
    // The credit is spent when the message is queued.
    t.is(await credits(v.id), 0);
    const [queued] = await outboxOf(v.id);
    t.is(queued!.status, 'pending');
    t.is(queued!.templateId, 'tmpl-remind');

    const sentBefore = ctx.wechat.sent.length;
    ctx.wechat.failNextSends({ status: 502 });
    const d = dispatcher();
    const now = ctx.clock.now();
    t.deepEqual(await d.runOnce(now), { sent: 0, retrying: 1, failed: 0 });
    let [row] = await outboxOf(v.id);
    t.is(row!.status, 'pending');
    t.is(row!.attempts, 1);
    t.is(row!.lastError, 'HTTP 502');
    t.is(row!.nextAttemptAt.getTime(), now.getTime() + backoffMs(1));

    // Not due yet.
    t.deepEqual(await d.runOnce(new Date(now.getTime() + 10_000)), { sent: 0, retrying: 0, failed: 0 });
    t.is(ctx.wechat.sent.length, sentBefore);

    // WeChat's "system busy" is retried as well.
    ctx.wechat.failNextSends({ errcode: -1 });
    t.deepEqual(await d.runOnce(new Date(now.getTime() + 31_000)), { sent: 0, retrying: 1, failed: 0 });
    [row] = await outboxOf(v.id);
    t.is(row!.nextAttemptAt.getTime(), now.getTime() + 31_000 + backoffMs(2));

    const later = new Date(now.getTime() + 31_000 + backoffMs(2));
    t.deepEqual(await d.runOnce(later), { sent: 1, retrying: 0, failed: 0 });
    t.is(ctx.wechat.sent.length, sentBefore + 1);
    const msg = ctx.wechat.sent.at(-1)!;
    t.is(msg.touser, await openidOf(v.id));
    t.is(msg.template_id, 'tmpl-remind');
    t.is(msg.page, 'packages/volunteer/pages/messages/index');
    t.is(msg.miniprogram_state, 'trial');
    t.deepEqual(msg.data, {
      thing1: { value: '为独居老人送年夜饭和春联的志愿服务活动…' },
      time2: { value: '2026年11月26日 09:00' },
      thing3: { value: '紫瑞街社区日间照料中心' },
      thing4: { value: '明天的活动，请提前到场签到' },
    });
    t.true([...msg.data.thing1!.value].length <= 20);
    [row] = await outboxOf(v.id);
    t.is(row!.status, 'sent');
    t.is(row!.attempts, 3);
    t.deepEqual(row!.sentAt, later);

    // Later passes, and a second dispatcher, send nothing more.
    t.deepEqual(await d.runOnce(new Date(later.getTime() + 3600_000)), { sent: 0, retrying: 0, failed: 0 });
    t.deepEqual(await dispatcher().runOnce(new Date(later.getTime() + 7200_000)), {
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    t.is(ctx.wechat.sent.length, sentBefore + 1);
  },
);

test.serial('two dispatchers running together send each queued message exactly once', async (t) => {
  const c = await ctx.addCommunity();
  const people = await Promise.all([1, 2, 3, 4, 5, 6].map(() => ctx.addUser('volunteer', c.id)));
  for (const p of people) await subscribe(p, ['tmpl-points']);
  for (const p of people) {
    await notify(
      ctx.db,
      p.id,
      { kind: 'ledger.credited', title: '获得 2 积分', body: '「大扫除」服务 2 小时已确认。', data: {} },
      ctx.clock.now(),
    );
  }
  const before = ctx.wechat.sent.length;
  const results = await Promise.all(
    [dispatcher(), dispatcher(), dispatcher()].map((d) => d.runOnce(ctx.clock.now())),
  );
  t.is(
    results.reduce((s, r) => s + r.sent, 0),
    6,
  );
  const sent = ctx.wechat.sent.slice(before);
  t.is(sent.length, 6);
  const openids = await Promise.all(people.map((p) => openidOf(p.id)));
  t.deepEqual(sent.map((m) => m.touser).sort(), [...openids].sort());
  t.true(sent.every((m) => m.template_id === 'tmpl-points' && m.data.thing1?.value === '获得 2 积分'));
  // The credit was one message: the next credit notice is not pushed.
  await notify(
    ctx.db,
    people[0]!.id,
    { kind: 'ledger.credited', title: '获得 1 积分', body: '…' },
    ctx.clock.now(),
  );
  t.is((await outboxOf(people[0]!.id)).length, 1);
});

test.serial(
  'a refusal WeChat cannot fix fails at once and clears the credits; errors give up after the limit',
  async (t) => {
    const c = await ctx.addCommunity();
    const v = await ctx.addUser('volunteer', c.id);
    await subscribe(v, ['tmpl-points']);
    await subscribe(v, ['tmpl-points']);
    await notify(ctx.db, v.id, { kind: 'ledger.credited', title: '获得 1 积分', body: 'x' }, ctx.clock.now());
    t.is(await credits(v.id, 'tmpl-points'), 1);
    ctx.wechat.failNextSends({ errcode: 43101 });
    t.deepEqual(await dispatcher().runOnce(ctx.clock.now()), { sent: 0, retrying: 0, failed: 1 });
    let rows = await outboxOf(v.id);
    t.is(rows[0]!.status, 'failed');
    t.is(rows[0]!.lastError, 'errcode 43101');
    t.is(await credits(v.id, 'tmpl-points'), 0);

    // Two attempts allowed: two errors and it is failed, not retried again.
    await subscribe(v, ['tmpl-points']);
    await notify(ctx.db, v.id, { kind: 'ledger.credited', title: '获得 2 积分', body: 'y' }, ctx.clock.now());
    ctx.wechat.failNextSends({ status: 500 }, { status: 500 });
    const d = dispatcher(2);
    const now = ctx.clock.now();
    t.is((await d.runOnce(now)).retrying, 1);
    t.is((await d.runOnce(new Date(now.getTime() + backoffMs(1)))).failed, 1);
    rows = await outboxOf(v.id);
    t.is(rows[1]!.status, 'failed');
    t.is(rows[1]!.attempts, 2);
    t.is((await d.runOnce(new Date(now.getTime() + 86400_000))).sent, 0);
  },
);

test.serial('an access token is reused until WeChat refuses it, then renewed', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  await subscribe(v, ['tmpl-points']);
  await subscribe(v, ['tmpl-points']);
  await subscribe(v, ['tmpl-points']);
  const d = dispatcher();
  const tokens = ctx.wechat.tokenRequests();
  const before = ctx.wechat.sent.length;
  await notify(ctx.db, v.id, { kind: 'ledger.credited', title: '一', body: 'a' }, ctx.clock.now());
  await notify(ctx.db, v.id, { kind: 'ledger.credited', title: '二', body: 'b' }, ctx.clock.now());
  t.is((await d.runOnce(ctx.clock.now())).sent, 2);
  t.is(ctx.wechat.tokenRequests(), tokens + 1);

  ctx.wechat.revokeTokens();
  await notify(ctx.db, v.id, { kind: 'ledger.credited', title: '三', body: 'c' }, ctx.clock.now());
  t.is((await d.runOnce(ctx.clock.now())).retrying, 1);
  t.is((await d.runOnce(new Date(ctx.clock.now().getTime() + backoffMs(1)))).sent, 1);
  t.is(ctx.wechat.tokenRequests(), tokens + 2);
  t.deepEqual(
    ctx.wechat.sent.slice(before).map((m) => m.data.thing1?.value),
    ['一', '二', '三'],
  );
});

test.serial('a send interrupted by a crash is marked failed, never sent a second time', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  await subscribe(v, ['tmpl-points']);
  await notify(ctx.db, v.id, { kind: 'ledger.credited', title: '获得 1 积分', body: 'x' }, ctx.clock.now());
  const now = ctx.clock.now();
  // A process claimed the row and died before recording the outcome.
  await ctx.db
    .update(wechatOutbox)
    .set({ status: 'sending', attempts: 1, lockedUntil: new Date(now.getTime() + 60_000) })
    .where(eq(wechatOutbox.userId, v.id));
  const before = ctx.wechat.sent.length;
  t.deepEqual(await dispatcher().runOnce(now), { sent: 0, retrying: 0, failed: 0 });
  t.deepEqual(await dispatcher().runOnce(new Date(now.getTime() + 61_000)), {
    sent: 0,
    retrying: 0,
    failed: 1,
  });
  const [row] = await outboxOf(v.id);
  t.is(row!.status, 'failed');
  t.is(ctx.wechat.sent.length, before);
});

test.serial('purge deletes finished rows a month old, never pending or recent ones', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  const now = ctx.clock.now();
  const day = 24 * 3600_000;
  const at = (days: number) => new Date(now.getTime() - days * day);
  const rows: Array<{ status: 'pending' | 'sent' | 'failed'; days: number }> = [
    { status: 'sent', days: 31 }, // gone
    { status: 'failed', days: 40 }, // gone
    { status: 'sent', days: 29 }, // kept: recent
    { status: 'failed', days: 2 }, // kept: recent
    { status: 'pending', days: 60 }, // kept: still to send
  ];
  const ids: number[] = [];
  for (const r of rows) {
    await notify(
      ctx.db,
      v.id,
      { kind: 'activity.reminder', title: '提醒', body: '明天有活动', data: {} },
      at(r.days),
    );
    const [n] = await ctx.db
      .execute(sql`SELECT max(id)::int AS id FROM notifications WHERE user_id = ${v.id}`)
      .then((x) => (x as unknown as { rows: Array<{ id: number }> }).rows);
    const [o] = await ctx.db
      .insert(wechatOutbox)
      .values({
        notificationId: n!.id,
        userId: v.id,
        templateId: 'tmpl-remind',
        status: r.status,
        nextAttemptAt: at(r.days),
        sentAt: r.status === 'sent' ? at(r.days) : null,
      })
      .onConflictDoUpdate({
        target: wechatOutbox.notificationId,
        set: { status: r.status, nextAttemptAt: at(r.days), sentAt: r.status === 'sent' ? at(r.days) : null },
      })
      .returning({ id: wechatOutbox.id });
    ids.push(o!.id);
  }
  t.is(await dispatcher().purge(now), 2);
  const left = (await outboxOf(v.id)).map((o) => o.id);
  t.deepEqual(left, [ids[2], ids[3], ids[4]]);
  t.is(await dispatcher().purge(now), 0);
});

test.serial(
  'a message written once spends one credit: a repeated key spends none, and concurrent messages never overspend',
  async (t) => {
    const c = await ctx.addCommunity();
    const v = await ctx.addUser('volunteer', c.id);
    for (let i = 0; i < 3; i++) await subscribe(v, ['tmpl-points']);
    t.is(await credits(v.id, 'tmpl-points'), 3);
    const msg = {
      kind: 'ledger.credited',
      title: '获得 1 积分',
      body: 'x',
      data: { n: 1 },
      dedupeKey: `k-${v.id}`,
    };
    const first = await notify(ctx.db, v.id, msg, ctx.clock.now());
    t.truthy(first);
    t.is(await notify(ctx.db, v.id, msg, ctx.clock.now()), undefined, 'the same key is written once');
    t.is(await credits(v.id, 'tmpl-points'), 2, 'and spends once');
    const [queued] = await outboxOf(v.id);
    t.like(queued, { notificationId: first, templateId: 'tmpl-points', status: 'pending' });

    // Five messages at once for two credits left: two are queued, every message is kept.
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        inTransaction(ctx.db, (tx) =>
          notify(tx, v.id, { kind: 'ledger.credited', title: `获得 ${n} 积分`, body: 'y' }, ctx.clock.now()),
        ),
      ),
    );
    t.true(ids.every((id) => typeof id === 'number'));
    t.is(new Set(ids).size, 5);
    t.is(await credits(v.id, 'tmpl-points'), 0);
    t.is((await outboxOf(v.id)).length, 3);
    const [stored] = await ctx.db.select().from(notifications).where(eq(notifications.id, first!));
    t.deepEqual(stored!.data, { n: 1 });
  },
);
