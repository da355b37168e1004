/** 商家难题 · 居民献策: forms validated with the server's schemas, and what each role may do. */
import test from 'ava';
import {
  bonusText,
  buildChallenge,
  buildConvert,
  buildProposal,
  buildTakeDown,
  type ChallengeDetailDto,
  canPropose,
  canVoteFor,
  emptyChallengeForm,
  officerActions,
  type ProposalDto,
  withShares,
} from '../../miniapp/src/logic/challenges';
import type { ActivityForm } from '../../miniapp/src/logic/forms';

function proposal(id: number, votes: number, extra: Partial<ProposalDto> = {}): ProposalDto {
  return {
    id,
    text: `方案${id}`,
    author: { displayName: `居民${id}` },
    mine: false,
    votes,
    winner: false,
    createdAt: new Date(Date.UTC(2026, 10, 25, 2, id)).toISOString(),
    ...extra,
  };
}

function challenge(extra: Partial<ChallengeDetailDto> = {}): ChallengeDetailDto {
  return {
    id: 1,
    communityId: 1,
    title: '排队太长',
    problem: '早高峰排队',
    photoUrls: [],
    merchant: { id: 3, name: '早餐店' },
    bonus: null,
    status: 'open',
    winningProposalId: null,
    activityId: null,
    activityBonus: false,
    closedAt: null,
    takeDownReason: null,
    createdAt: '2026-11-25T02:00:00.000Z',
    myVote: null,
    proposals: [],
    ...extra,
  };
}

test('a challenge form becomes the API body; photos one a line; the bonus only when sponsored', (t) => {
  const r = buildChallenge({
    ...emptyChallengeForm(),
    title: ' 排队太长 ',
    problem: '早上排队',
    photos: 'https://example.invalid/a.jpg\n\n https://example.invalid/b.jpg ',
    bonusPoints: '5',
  });
  t.true(r.ok);
  if (!r.ok) return;
  t.is(r.value.title, '排队太长');
  t.deepEqual(r.value.photoUrls, ['https://example.invalid/a.jpg', 'https://example.invalid/b.jpg']);
  t.is(r.value.bonus, null, 'not sponsored: the points field is ignored');

  const s = buildChallenge({
    ...emptyChallengeForm(),
    title: 'a',
    problem: 'b',
    sponsor: true,
    bonusPoints: '1.5',
    bonusMax: '8',
  });
  t.true(s.ok);
  if (s.ok) t.deepEqual(s.value.bonus, { pointsPerParticipant: 1.5, maxParticipants: 8 });
});

test('a challenge form names each field at fault, in the chosen language', (t) => {
  const r = buildChallenge({
    ...emptyChallengeForm(),
    photos: 'http://plain.invalid/a.jpg',
    sponsor: true,
    bonusPoints: '0',
    bonusMax: '',
  });
  t.false(r.ok);
  if (r.ok) return;
  t.deepEqual(Object.keys(r.errors).sort(), [
    'bonus.maxParticipants',
    'bonus.pointsPerParticipant',
    'photoUrls',
    'problem',
    'title',
  ]);
  t.regex(r.first, /标题/);
  const en = buildChallenge({ ...emptyChallengeForm(), problem: 'x' }, 'en');
  t.false(en.ok);
  if (!en.ok) t.false(/[\u4e00-\u9fff]/.test(en.first));
});

test('proposals and take-down reasons must not be empty', (t) => {
  t.false(buildProposal('   ').ok);
  t.false(buildProposal('x'.repeat(1001)).ok);
  const ok = buildProposal('  线上预订 ');
  t.true(ok.ok);
  if (ok.ok) t.is(ok.value.text, '线上预订');
  t.false(buildTakeDown('').ok);
  t.true(buildTakeDown('广告').ok);
});

test('residents propose once while open; nobody votes for their own or again for the same', (t) => {
  const volunteer = { role: 'volunteer' as const };
  const mine = proposal(1, 0, { mine: true });
  const other = proposal(2, 1);
  const c = challenge({ proposals: [mine, other] });
  t.false(canPropose(volunteer, c), 'already proposed');
  t.true(canPropose(volunteer, challenge({ proposals: [other] })));
  t.false(canPropose({ role: 'merchant_staff' }, challenge()));
  t.false(canPropose(volunteer, challenge({ status: 'closed' })));

  t.false(canVoteFor(volunteer, c, mine));
  t.true(canVoteFor(volunteer, c, other));
  t.false(canVoteFor(volunteer, { ...c, myVote: 2 }, other), 'already my vote');
  t.true(canVoteFor({ role: 'merchant_staff' }, c, other));
  t.true(canVoteFor({ role: 'officer' }, c, other));
  t.false(canVoteFor({ role: 'district_admin' }, c, other));
  t.false(canVoteFor(volunteer, { ...c, status: 'closed' }, other));
});

test('shares add up and the leader follows the server: most votes, ties to the earliest', (t) => {
  const rows = withShares(challenge({ proposals: [proposal(1, 2), proposal(2, 2), proposal(3, 0)] }));
  t.deepEqual(
    rows.map((r) => [r.id, r.share, r.leading]),
    [
      [1, 50, true],
      [2, 50, false],
      [3, 0, false],
    ],
  );
  const none = withShares(challenge({ proposals: [proposal(1, 0)] }));
  t.false(none[0]!.leading);
  const closed = withShares(
    challenge({ status: 'closed', proposals: [proposal(1, 3), proposal(2, 1, { winner: true })] }),
  );
  t.deepEqual(
    closed.map((r) => r.leading),
    [false, true],
    'once closed, the server-decided winner leads',
  );
});

test("the officer's buttons follow the challenge's state", (t) => {
  t.deepEqual(officerActions(challenge()), ['close', 'take_down']);
  t.deepEqual(officerActions(challenge({ status: 'closed' })), ['take_down']);
  t.deepEqual(officerActions(challenge({ status: 'closed', winningProposalId: 4 })), [
    'convert',
    'take_down',
  ]);
  t.deepEqual(officerActions(challenge({ status: 'converted', activityId: 9 })), []);
  t.deepEqual(officerActions(challenge({ status: 'converted', activityId: 9, activityBonus: true })), [
    'award',
  ]);
  t.deepEqual(officerActions(challenge({ status: 'taken_down' })), []);
});

test('bonus text in both languages', (t) => {
  t.is(bonusText(null), null);
  t.is(bonusText({ pointsPerParticipant: 1, maxParticipants: 20 }), '商家赞助：每位参与者 +1 积分，限 20 人');
  t.regex(bonusText({ pointsPerParticipant: 0.5, maxParticipants: 3 }, 'en')!, /\+0\.5 points .* up to 3/);
});

test('the convert form is one activity occurrence with the publish and bonus choices', (t) => {
  const form: ActivityForm = {
    title: '排队引导',
    category: 'public_cleanup',
    description: '',
    placeName: '早餐店门口',
    lat: '30.8236',
    lng: '104.1589',
    date: '2026-11-28',
    startTime: '07:00',
    endTime: '09:00',
    capacity: '6',
    pointsPerHour: '1',
    repeatWeeks: '4',
  };
  const r = buildConvert(form, { publish: true, withBonus: false });
  t.true(r.ok);
  if (!r.ok) return;
  t.false('repeatWeeks' in r.value);
  t.is(r.value.publish, true);
  t.is(r.value.withBonus, false);
  t.is(r.value.startsAt, '2026-11-28T07:00:00+08:00');
  const bad = buildConvert({ ...form, endTime: '06:00' }, { publish: true, withBonus: true });
  t.false(bad.ok);
  if (!bad.ok) t.truthy(bad.errors.endsAt);
});
