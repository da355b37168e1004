import { bonusRecipients, challengeCreateBody, tallyWinner } from '@timebank/shared';
import test from 'ava';

const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 2, min));

test('tallyWinner: most votes wins', (t) => {
  t.is(
    tallyWinner([
      { id: 1, votes: 2, createdAt: at(0) },
      { id: 2, votes: 5, createdAt: at(1) },
      { id: 3, votes: 4, createdAt: at(2) },
    ]),
    2,
  );
});

test('tallyWinner: a tie goes to the earliest proposal, whatever the input order', (t) => {
  const tied = [
    { id: 7, votes: 3, createdAt: at(5) },
    { id: 9, votes: 3, createdAt: at(1) },
    { id: 4, votes: 1, createdAt: at(0) },
  ];
  t.is(tallyWinner(tied), 9);
  t.is(tallyWinner([...tied].reverse()), 9);
  // Same instant: the lower id.
  t.is(
    tallyWinner([
      { id: 12, votes: 2, createdAt: at(3).toISOString() },
      { id: 11, votes: 2, createdAt: at(3).toISOString() },
    ]),
    11,
  );
});

test('tallyWinner: no proposals or no votes, no winner', (t) => {
  t.is(tallyWinner([]), null);
  t.is(
    tallyWinner([
      { id: 1, votes: 0, createdAt: at(0) },
      { id: 2, votes: 0, createdAt: at(1) },
    ]),
    null,
  );
});

test('bonusRecipients: first eligible up to the cap, skipping those already awarded', (t) => {
  t.deepEqual(bonusRecipients([5, 6, 7, 8], new Set(), 2), [5, 6]);
  t.deepEqual(bonusRecipients([5, 6, 7, 8], new Set([5]), 3), [6, 7]);
  t.deepEqual(bonusRecipients([5, 6, 7], new Set([5, 6]), 2), []);
  t.deepEqual(bonusRecipients([5, 5, 6], new Set(), 5), [5, 6]);
});

test('challengeCreateBody: https photos only, a bonus needs both parts', (t) => {
  t.true(challengeCreateBody.safeParse({ title: 'a', problem: 'b' }).success);
  t.false(
    challengeCreateBody.safeParse({ title: 'a', problem: 'b', photoUrls: ['http://x.invalid/a.jpg'] })
      .success,
  );
  t.false(
    challengeCreateBody.safeParse({ title: 'a', problem: 'b', bonus: { pointsPerParticipant: 1 } }).success,
  );
  t.false(challengeCreateBody.safeParse({ title: ' ', problem: 'b' }).success);
});
