import test from 'ava';
import { and, eq } from 'drizzle-orm';
import { activities } from '../../../../server/src/modules/activities/activities.table';
import { auditLog } from '../../../../server/src/modules/audit/audit.table';
import {
  challengeBonusAwards,
  challengeVotes,
} from '../../../../server/src/modules/challenges/challenges.table';
import { ledgerEntries } from '../../../../server/src/modules/ledger/ledger.table';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, inviteStaff, mustTransition, shop } from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const HOUR = 3600_000;

async function community() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const merchant = await shop(ctx, officer, { name: '阿姨早餐店' });
  const residents = await Promise.all([1, 2, 3, 4].map(() => ctx.addUser('volunteer', c.id)));
  return { c, officer, merchant, owner: merchant.owner, residents };
}

let seq = 0;
async function postChallenge(owner: TestUser, extra: Record<string, unknown> = {}) {
  seq += 1;
  const r = await api(ctx).post('/challenges', owner, {
    title: `早高峰排队太长 ${seq}`,
    problem: '每天 7 点到 8 点门口排长队，老人等不及。有什么办法？',
    photoUrls: ['https://example.invalid/queue.jpg'],
    ...extra,
  });
  if (r.status !== 201) throw new Error(`post failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: number; status: string; bonus: unknown; merchant: { id: number } };
}

async function propose(user: TestUser, challengeId: number, text = '提前一晚线上预订，早上直接取') {
  const r = await api(ctx).post(`/challenges/${challengeId}/proposals`, user, { text });
  if (r.status !== 201) throw new Error(`propose failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

const vote = (user: TestUser, challengeId: number, proposalId: number) =>
  ctx.request().put(`/api/v1/challenges/${challengeId}/vote`).set(user.auth).send({ proposalId });

async function detail(user: TestUser, id: number) {
  const r = await api(ctx).get(`/challenges/${id}`, user);
  if (r.status !== 200) throw new Error(`detail failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    status: string;
    myVote: number | null;
    winningProposalId: number | null;
    activityId: number | null;
    proposals: Array<{ id: number; votes: number; mine: boolean; winner: boolean; author: object }>;
  };
}

function convertBody(extra: Record<string, unknown> = {}) {
  const startsAt = new Date(ctx.clock.now().getTime() + 24 * HOUR);
  return {
    title: '早餐店门口排队引导',
    category: 'public_cleanup',
    description: '志愿者在早高峰帮老人排队、取餐',
    place: { name: '阿姨早餐店门口', lat: 30.8236, lng: 104.1589 },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    capacity: 10,
    pointsPerHour: 1,
    ...extra,
  };
}

test('only the owner of an alliance merchant posts a challenge; others are refused', async (t) => {
  const { officer, owner, residents } = await community();
  const created = await postChallenge(owner, { bonus: { pointsPerParticipant: 0.5, maxParticipants: 3 } });
  t.is(created.status, 'open');
  t.deepEqual(created.bonus, { pointsPerParticipant: 0.5, maxParticipants: 3 });

  assertError(
    t,
    await api(ctx).post('/challenges', residents[0], { title: 'x', problem: 'y' }),
    403,
    'auth.forbidden',
  );
  assertError(
    t,
    await api(ctx).post('/challenges', officer, { title: 'x', problem: 'y' }),
    403,
    'auth.forbidden',
  );
  const staff = await inviteStaff(ctx, owner);
  assertError(
    t,
    await api(ctx).post('/challenges', staff, { title: 'x', problem: 'y' }),
    403,
    'merchants.owner_only',
  );

  // Photos must be https links; a bonus must be positive.
  const bad = await api(ctx).post('/challenges', owner, {
    title: 'x',
    problem: 'y',
    photoUrls: ['javascript:alert(1)'],
  });
  t.is(bad.status, 400);
  const zero = await api(ctx).post('/challenges', owner, {
    title: 'x',
    problem: 'y',
    bonus: { pointsPerParticipant: 0, maxParticipants: 3 },
  });
  t.is(zero.status, 400);
});

test('a suspended merchant cannot post; a warned one can', async (t) => {
  const { officer, merchant, owner } = await community();
  await mustTransition(ctx, officer, merchant.id, 'warn', '未按承诺给予折扣，第一次警告');
  t.is((await api(ctx).post('/challenges', owner, { title: '难题', problem: '描述' })).status, 201);
  await mustTransition(ctx, officer, merchant.id, 'suspend', '再次拒绝折扣，暂停');
  assertError(
    t,
    await api(ctx).post('/challenges', owner, { title: '难题', problem: '描述' }),
    403,
    'merchants.not_active',
  );
});

test('residents propose once each while open; another community sees nothing', async (t) => {
  const { owner, residents } = await community();
  const other = await community();
  const ch = await postChallenge(owner);
  await propose(residents[0]!, ch.id);
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/proposals`, residents[0], { text: '再来一个' }),
    409,
    'challenges.already_proposed',
  );
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/proposals`, owner, { text: '店主自己提' }),
    403,
    'auth.forbidden',
  );
  // Another community: not there at all, for residents, shops and its listing.
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/proposals`, other.residents[0], { text: '外人' }),
    404,
    'challenges.not_found',
  );
  assertError(t, await api(ctx).get(`/challenges/${ch.id}`, other.residents[0]), 404, 'challenges.not_found');
  assertError(t, await api(ctx).get(`/challenges/${ch.id}`, other.owner), 404, 'challenges.not_found');
  const list = await api(ctx).get('/challenges', other.residents[0]);
  t.false((list.body.challenges as Array<{ id: number }>).some((c) => c.id === ch.id));
  // An officer of another community may not act on it.
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/close`, other.officer),
    403,
    'auth.wrong_community',
  );
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/take-down`, other.officer, { reason: '不当' }),
    403,
    'auth.wrong_community',
  );
  const pid = (await detail(residents[1]!, ch.id)).proposals[0]!.id;
  assertError(t, await vote(other.residents[0]!, ch.id, pid), 404, 'challenges.not_found');
  assertError(t, await vote(other.officer, ch.id, pid), 403, 'auth.wrong_community');
});

test('one vote per person: voting again moves it; no vote for your own proposal', async (t) => {
  const { officer, owner, residents } = await community();
  const [a, b, c] = residents as [TestUser, TestUser, TestUser, TestUser];
  const ch = await postChallenge(owner);
  const other = await postChallenge(owner);
  const pa = await propose(a, ch.id, '线上预订');
  const pb = await propose(b, ch.id, '增加一个取餐窗口');
  const pOther = await propose(a, other.id, '别的难题的方案');

  assertError(t, await vote(a, ch.id, pa), 409, 'challenges.own_proposal');
  assertError(t, await vote(c, ch.id, pOther), 404, 'challenges.proposal_not_found');
  assertError(t, await vote(c, ch.id, 999_999), 404, 'challenges.proposal_not_found');

  t.is((await vote(c, ch.id, pa)).status, 200);
  t.is((await vote(owner, ch.id, pa)).status, 200); // shop staff vote too
  t.is((await vote(officer, ch.id, pb)).status, 200); // and officers
  let d = await detail(c, ch.id);
  t.is(d.myVote, pa);
  t.deepEqual(
    d.proposals.map((p) => [p.id, p.votes]),
    [
      [pa, 2],
      [pb, 1],
    ],
  );
  t.true((await detail(a, ch.id)).proposals.find((p) => p.id === pa)!.mine);
  t.is((await detail(a, ch.id)).myVote, null);

  // Changing the vote moves it rather than adding one.
  t.is((await vote(c, ch.id, pb)).status, 200);
  d = await detail(c, ch.id);
  t.is(d.myVote, pb);
  t.deepEqual(
    d.proposals.map((p) => p.votes),
    [1, 2],
  );
  const rows = await ctx.db
    .select()
    .from(challengeVotes)
    .where(and(eq(challengeVotes.challengeId, ch.id), eq(challengeVotes.voterId, c.id)));
  t.is(rows.length, 1);
});

test('concurrent votes by one person leave exactly one vote', async (t) => {
  const { owner, residents } = await community();
  const [a, b, c] = residents as [TestUser, TestUser, TestUser, TestUser];
  const ch = await postChallenge(owner);
  const pa = await propose(a, ch.id, '方案甲');
  const pb = await propose(b, ch.id, '方案乙');
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => vote(c, ch.id, i % 2 ? pa : pb)));
  for (const r of answers) t.is(r.status, 200, JSON.stringify(r.body));
  const rows = await ctx.db
    .select()
    .from(challengeVotes)
    .where(and(eq(challengeVotes.challengeId, ch.id), eq(challengeVotes.voterId, c.id)));
  t.is(rows.length, 1);
  const d = await detail(c, ch.id);
  t.is(
    d.proposals.reduce((s, p) => s + p.votes, 0),
    1,
  );
  t.is(d.myVote, rows[0]!.proposalId);
});

test('the officer closes the round: most votes wins, a tie goes to the earliest; then no more votes', async (t) => {
  const { officer, owner, residents } = await community();
  const [a, b, c, d] = residents as [TestUser, TestUser, TestUser, TestUser];
  const ch = await postChallenge(owner);
  const pa = await propose(a, ch.id, '早的方案');
  ctx.clock.advance(60_000);
  const pb = await propose(b, ch.id, '晚的方案');
  await vote(c, ch.id, pb);
  await vote(d, ch.id, pa);

  assertError(t, await api(ctx).post(`/challenges/${ch.id}/close`, a), 403, 'auth.forbidden');
  assertError(t, await api(ctx).post(`/challenges/${ch.id}/close`, owner), 403, 'auth.forbidden');
  const closed = await api(ctx).post(`/challenges/${ch.id}/close`, officer);
  t.is(closed.status, 200, JSON.stringify(closed.body));
  t.is(closed.body.status, 'closed');
  t.is(closed.body.winningProposalId, pa, 'a 1–1 tie goes to the earlier proposal');

  assertError(t, await vote(c, ch.id, pa), 409, 'challenges.not_open');
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/proposals`, d, { text: '太晚了' }),
    409,
    'challenges.not_open',
  );
  assertError(t, await api(ctx).post(`/challenges/${ch.id}/close`, officer), 409, 'challenges.not_open');
  const view = await detail(a, ch.id);
  t.true(view.proposals.find((p) => p.id === pa)!.winner);

  const messages = await api(ctx).get('/me/notifications', a);
  t.true(
    (messages.body.notifications as Array<{ kind: string }>).some((n) => n.kind === 'challenges.won'),
    'the winner is told',
  );
  const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.actorId, officer.id));
  t.true(audit.some((e) => e.action.includes('/challenges/:id/close') && e.targetId === String(ch.id)));
});

test('a round with no votes has no winner and cannot be converted', async (t) => {
  const { officer, owner, residents } = await community();
  const ch = await postChallenge(owner);
  await propose(residents[0]!, ch.id);
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/convert`, officer, convertBody()),
    409,
    'challenges.not_closed',
  );
  const closed = await api(ctx).post(`/challenges/${ch.id}/close`, officer);
  t.is(closed.body.winningProposalId, null);
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/convert`, officer, convertBody()),
    409,
    'challenges.no_winner',
  );
});

test('an officer takes a challenge down: residents no longer see it', async (t) => {
  const { officer, owner, residents } = await community();
  const ch = await postChallenge(owner);
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/take-down`, residents[0], { reason: '广告' }),
    403,
    'auth.forbidden',
  );
  const r = await api(ctx).post(`/challenges/${ch.id}/take-down`, officer, { reason: '内容与难题无关' });
  t.is(r.status, 200);
  t.is(r.body.status, 'taken_down');
  assertError(t, await api(ctx).get(`/challenges/${ch.id}`, residents[0]), 404, 'challenges.not_found');
  const list = await api(ctx).get('/challenges', residents[0]);
  t.false((list.body.challenges as Array<{ id: number }>).some((c) => c.id === ch.id));
  t.is((await api(ctx).get(`/challenges/${ch.id}`, officer)).body.status, 'taken_down');
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/take-down`, officer, { reason: '再次' }),
    409,
    'challenges.already_taken_down',
  );
});

/** A closed round with a winner. */
async function closedRound(bonus: { pointsPerParticipant: number; maxParticipants: number } | null) {
  const s = await community();
  const ch = await postChallenge(s.owner, { bonus });
  const [a, b] = s.residents as [TestUser, TestUser, TestUser, TestUser];
  const pa = await propose(a, ch.id, '组织志愿者早高峰引导排队');
  await vote(b, ch.id, pa);
  const closed = await api(ctx).post(`/challenges/${ch.id}/close`, s.officer);
  if (closed.status !== 200) throw new Error(`close failed: ${JSON.stringify(closed.body)}`);
  return { ...s, ch };
}

test('the winning solution becomes a published activity once, even when converted concurrently', async (t) => {
  const { officer, residents, ch } = await closedRound(null);
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/convert`, residents[0], convertBody()),
    403,
    'auth.forbidden',
  );
  const answers = await Promise.all([
    api(ctx).post(`/challenges/${ch.id}/convert`, officer, convertBody()),
    api(ctx).post(`/challenges/${ch.id}/convert`, officer, convertBody()),
  ]);
  const ok = answers.filter((r) => r.status === 201);
  t.is(ok.length, 1, JSON.stringify(answers.map((r) => r.body)));
  const loser = answers.find((r) => r.status !== 201);
  if (loser) assertError(t, loser, 409, 'challenges.already_converted');
  const activityId = ok[0]!.body.activity.id as number;
  t.is(ok[0]!.body.activity.status, 'published');
  t.is(ok[0]!.body.challenge.status, 'converted');
  t.is((await detail(residents[0]!, ch.id)).activityId, activityId);
  // Residents enrol in it like any activity.
  const enrol = await api(ctx).post(`/activities/${activityId}/enrolment`, residents[2]);
  t.is(enrol.status, 200, JSON.stringify(enrol.body));
  // One activity: the conversion is one transaction, so one that lost the race made none.
  const mine = await ctx.db
    .select()
    .from(activities)
    .where(eq(activities.communityId, residents[0]!.communityId));
  t.deepEqual(
    mine.map((a) => [a.id, a.status]),
    [[activityId, 'published']],
  );
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/convert`, officer, convertBody()),
    409,
    'challenges.already_converted',
  );
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/award-bonus`, officer),
    409,
    'challenges.no_bonus',
  );
});

test("the merchant's sponsored bonus is credited once per participant, up to the cap, as a 'sponsorship' line", async (t) => {
  const { officer, residents, ch } = await closedRound({ pointsPerParticipant: 1, maxParticipants: 2 });
  const conv = await api(ctx).post(`/challenges/${ch.id}/convert`, officer, convertBody());
  t.is(conv.status, 201, JSON.stringify(conv.body));
  const activityId = conv.body.activity.id as number;
  assertError(
    t,
    await api(ctx).post(`/challenges/${ch.id}/award-bonus`, officer),
    409,
    'challenges.activity_not_ended',
  );

  // After the activity: three residents' attendance is recorded and confirmed (2 h at 1 point an hour).
  ctx.clock.advance(27 * HOUR);
  const [a, b, c] = residents as [TestUser, TestUser, TestUser, TestUser];
  for (const v of [a, b, c]) {
    await ctx.services.attendance.addManualAttendance(
      { id: officer.id, role: 'officer', communityId: officer.communityId },
      { activityId, userId: v.id, minutes: 120, reason: '老人无手机', evidenceNote: '签到表' },
    );
    ctx.clock.advance(1000);
  }
  assertError(t, await api(ctx).post(`/challenges/${ch.id}/award-bonus`, a), 403, 'auth.forbidden');

  // Awarding concurrently and again credits the first two confirmed, once each.
  const answers = await Promise.all([
    api(ctx).post(`/challenges/${ch.id}/award-bonus`, officer),
    api(ctx).post(`/challenges/${ch.id}/award-bonus`, officer),
  ]);
  for (const r of answers) t.is(r.status, 200, JSON.stringify(r.body));
  const again = await api(ctx).post(`/challenges/${ch.id}/award-bonus`, officer);
  t.deepEqual(again.body.awarded, []);
  t.is(again.body.remainingPlaces, 0);

  const lines = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.sourceType, 'sponsorship'));
  const forThis = lines.filter((l) => l.activityId === activityId);
  t.deepEqual(
    forThis.map((l) => l.accountId).sort((x, y) => x - y),
    [a.id, b.id].sort((x, y) => x - y),
  );
  t.true(forThis.every((l) => l.amount === 100 && l.kind === 'earn' && l.minutes === 0));
  const awards = await ctx.db
    .select()
    .from(challengeBonusAwards)
    .where(eq(challengeBonusAwards.challengeId, ch.id));
  t.is(awards.length, 2);
  t.true(forThis.every((l) => l.sourceKey === `sponsorship:${l.sourceId}`));

  // The volunteer sees the line in their own statement, and it counts toward the certificate (3 points).
  const statement = await api(ctx).get('/me/ledger', a);
  t.is(statement.status, 200);
  const bonusLine = (
    statement.body.lines as Array<{ source: { type: string }; amount: number; reason: string }>
  ).find((l) => l.source.type === 'sponsorship');
  t.truthy(bonusLine);
  t.is(bonusLine!.amount, 1);
  t.regex(bonusLine!.reason, /商家赞助/);
  t.is(statement.body.lifetimeEarned, 3);
  t.true(statement.body.certificate.issued, '2 points of service + 1 sponsored reach the threshold of 3');
  const cStatement = await api(ctx).get('/me/ledger', c);
  t.is(cStatement.body.lifetimeEarned, 2, 'the third participant was past the cap');
  t.false(cStatement.body.certificate.issued);

  // The officer's awards are in the audit log, written with the points: who received what, once.
  const logged = await ctx.db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.action, 'POST /challenges/:id/award-bonus'), eq(auditLog.targetId, String(ch.id))),
    );
  t.is(logged.length, 3, 'one entry a request');
  const recipients = logged.flatMap(
    (e) => (e.after as { recipients?: Array<{ userId: number; points: number }> }).recipients ?? [],
  );
  t.deepEqual(
    recipients.map((r) => r.userId).sort((x, y) => x - y),
    [a.id, b.id].sort((x, y) => x - y),
  );
  t.true(recipients.every((r) => r.points === 1));
  const [closing] = await ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'POST /challenges/:id/close'), eq(auditLog.targetId, String(ch.id))));
  t.like(closing, { targetType: 'challenges', before: { status: 'open', winningProposalId: null } });
  t.is((closing!.after as { status: string }).status, 'closed');
});

test("a suspended shop's challenges disappear for residents, who can no longer vote on them", async (t) => {
  const { officer, merchant, owner, residents } = await community();
  const [a, b] = residents as [TestUser, TestUser, TestUser, TestUser];
  const ch = await postChallenge(owner);
  const pa = await propose(a, ch.id);
  await mustTransition(ctx, officer, merchant.id, 'suspend', '拒绝给予折扣');
  assertError(t, await api(ctx).get(`/challenges/${ch.id}`, b), 404, 'challenges.not_found');
  assertError(t, await vote(b, ch.id, pa), 404, 'challenges.not_found');
  const list = await api(ctx).get('/challenges', b);
  t.false((list.body.challenges as Array<{ id: number }>).some((c) => c.id === ch.id));
  // The officer still sees it and can take it down or close it.
  t.is((await api(ctx).get(`/challenges/${ch.id}`, officer)).status, 200);
  await mustTransition(ctx, officer, merchant.id, 'reinstate', '已整改');
  t.is((await vote(b, ch.id, pa)).status, 200);
  // The shop's owner is told when the round closes.
  await api(ctx).post(`/challenges/${ch.id}/close`, officer);
  const messages = await api(ctx).get('/me/notifications', owner);
  t.true(
    (messages.body.notifications as Array<{ kind: string }>).some((n) => n.kind === 'challenges.closed'),
  );
});
