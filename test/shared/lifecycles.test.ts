import {
  actionsFrom,
  allowedPairs,
  canMove,
  challengeAcceptsIdeas,
  challengeStatuses,
  isFinal,
  type Lifecycle,
  type LifecycleMove,
  lifecycles,
  moveTo,
  nextStates,
} from '@timebank/shared';
import test from 'ava';

/**
 * Every lifecycle written out by hand, independent of shared/src/lifecycles.ts: its states, each move
 * as `who: from, from → to`, and the whole from × to matrix (`x` allowed, `.` refused; rows are
 * `from`, columns `to`, both in the order of the states). Flipping any entry of a shared table — a
 * state, a `from`, a `to`, an actor — fails one of the tests below.
 */
/** Products and offers share one publication lifecycle (each on its own table). */
const publication = {
  states: ['published', 'hidden', 'taken_down'],
  moves: {
    hide: 'owner: published → hidden',
    show: 'owner: hidden → published',
    take_down: 'officer: published, hidden → taken_down',
  },
  matrix: `
      . x x
      x . x
      . . .`,
};

const EXPECTED: Record<
  keyof typeof lifecycles,
  { table: string | null; states: string[]; moves: Record<string, string>; matrix: string }
> = {
  activities: {
    table: 'activities',
    states: ['draft', 'published', 'cancelled'],
    moves: {
      publish: 'officer: draft → published',
      cancel: 'officer/system: draft, published → cancelled',
    },
    matrix: `
      . x x
      . . x
      . . .`,
  },
  enrolments: {
    table: null,
    states: ['none', 'enrolled'],
    moves: { enrol: 'volunteer: none → enrolled', withdraw: 'volunteer: enrolled → none' },
    matrix: `
      . x
      x .`,
  },
  attendance: {
    table: 'attendances',
    states: ['checked_in', 'checked_out', 'confirmed'],
    moves: {
      check_out: 'volunteer: checked_in → checked_out',
      confirm: 'officer: checked_in, checked_out → confirmed',
    },
    matrix: `
      . x x
      . . x
      . . .`,
  },
  cases: {
    table: 'cases',
    states: ['open', 'closed'],
    moves: { close: 'officer: open → closed' },
    matrix: `
      . x
      . .`,
  },
  challenges: {
    table: 'challenges',
    states: ['open', 'closed', 'converted', 'taken_down'],
    moves: {
      close: 'officer: open → closed',
      convert: 'officer: closed → converted',
      take_down: 'officer: open, closed → taken_down',
    },
    matrix: `
      . x . x
      . . x x
      . . . .
      . . . .`,
  },
  helpRequests: {
    table: 'help_requests',
    states: ['open', 'scheduled', 'done', 'cancelled'],
    moves: {
      schedule: 'officer: open → scheduled',
      complete: 'officer: scheduled → done',
      cancel: 'officer/system: open, scheduled → cancelled',
      proxy_cancel: 'proxy: open → cancelled',
      reopen: 'system: scheduled → open',
    },
    matrix: `
      . x . x
      x . x x
      . . . .
      . . . .`,
  },
  households: {
    table: 'households',
    states: ['active', 'archived'],
    moves: { withdraw_consent: 'officer: active → archived' },
    matrix: `
      . x
      . .`,
  },
  merchants: {
    table: 'merchants',
    states: ['applied', 'active', 'warned', 'suspended', 'removed', 'rejected'],
    moves: {
      approve: 'officer: applied → active',
      reject: 'officer: applied → rejected',
      warn: 'officer: active → warned',
      suspend: 'officer: active, warned → suspended',
      reinstate: 'officer: suspended, warned → active',
      remove: 'officer: active, warned, suspended → removed',
    },
    matrix: `
      . x . . . x
      . . x x x .
      . x . x x .
      . x . . x .
      . . . . . .
      . . . . . .`,
  },
  certificates: {
    table: 'certificates',
    states: ['active', 'suspended', 'revoked'],
    moves: {
      suspend: 'officer: active → suspended',
      reinstate: 'officer: suspended → active',
      revoke: 'officer: active, suspended → revoked',
      appeal_overturned: 'officer: suspended, revoked → active',
    },
    matrix: `
      . x x
      x . x
      x . .`,
  },
  appeals: {
    table: 'certificate_appeals',
    states: ['pending', 'upheld', 'overturned'],
    moves: { upheld: 'officer: pending → upheld', overturned: 'officer: pending → overturned' },
    matrix: `
      . x x
      . . .
      . . .`,
  },
  boardPosts: {
    table: 'board_posts',
    states: ['published', 'taken_down'],
    moves: { take_down: 'officer: published → taken_down' },
    matrix: `
      . x
      . .`,
  },
  products: { table: 'merchant_products', ...publication },
  offers: { table: 'merchant_offers', ...publication },
  profileChanges: {
    table: 'profile_changes',
    states: ['pending', 'approved', 'rejected', 'withdrawn'],
    moves: {
      approve: 'officer: pending → approved',
      reject: 'officer: pending → rejected',
      withdraw: 'volunteer/system: pending → withdrawn',
    },
    matrix: `
      . x x x
      . . . .
      . . . .
      . . . .`,
  },
  redemptionItems: {
    table: 'redemption_items',
    states: ['published', 'hidden', 'ended', 'taken_down'],
    moves: {
      hide: 'owner: published → hidden',
      show: 'owner: hidden → published',
      end: 'owner: published, hidden → ended',
      take_down: 'officer: published, hidden → taken_down',
    },
    matrix: `
      . x x x
      x . x x
      . . . .
      . . . .`,
  },
  claims: {
    table: 'claims',
    states: ['submitted', 'decided', 'paid'],
    moves: {
      decide: 'officer: submitted → decided',
      pay: 'officer: decided → paid',
    },
    matrix: `
      . x .
      . . x
      . . .`,
  },
  merchantChanges: {
    table: 'merchant_change_requests',
    states: ['pending', 'approved', 'rejected'],
    moves: {
      approve: 'officer: pending → approved',
      reject: 'officer: pending → rejected',
    },
    matrix: `
      . x x
      . . .
      . . .`,
  },
  movements: {
    table: 'movements',
    states: ['pending', 'done', 'rejected', 'cancelled'],
    moves: {
      approve: 'officer: pending → done',
      reject: 'officer: pending → rejected',
      cancel: 'volunteer: pending → cancelled',
    },
    matrix: `
      . x x x
      . . . .
      . . . .
      . . . .`,
  },
};

const render = (m: LifecycleMove<string>) => `${m.by.join('/')}: ${m.from.join(', ')} → ${m.to}`;
const cells = (matrix: string) =>
  matrix
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/));
/** What a move's spec says about `from`: the state it leads to, or null. */
function expectedTo(spec: string, from: string): string | null {
  const [, fromList = '', to = ''] = /^[a-z/]+: (.+) → (.+)$/.exec(spec) ?? [];
  return fromList.split(', ').includes(from) ? to : null;
}

test('every lifecycle the test knows is in the shared list, and no other', (t) => {
  t.deepEqual(Object.keys(lifecycles).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  const l = lifecycles[name as keyof typeof lifecycles] as Lifecycle;

  test(`${name}: its table, states and moves (who, from, to) are as written here`, (t) => {
    t.is(l.table, expected.table);
    t.deepEqual([...l.states], expected.states);
    t.deepEqual(
      Object.fromEntries(Object.entries<LifecycleMove<string>>(l.moves).map(([a, m]) => [a, render(m)])),
      expected.moves,
    );
  });

  test(`${name}: every from × to pair is allowed or refused as the matrix says`, (t) => {
    const grid = cells(expected.matrix);
    t.is(grid.length, expected.states.length);
    expected.states.forEach((from, i) => {
      t.is(grid[i]!.length, expected.states.length, `row ${from}`);
      expected.states.forEach((to, j) => {
        t.is(canMove(l, from, to), grid[i]![j] === 'x', `${from} → ${to}`);
      });
      t.deepEqual(
        nextStates(l, from),
        expected.states.filter((_, j) => grid[i]![j] === 'x'),
        `next from ${from}`,
      );
      t.is(isFinal(l, from), !grid[i]!.includes('x'), `${from} final`);
    });
    t.deepEqual(
      allowedPairs(l),
      expected.states.flatMap((from, i) =>
        expected.states.filter((_, j) => grid[i]![j] === 'x').map((to) => [from, to]),
      ),
    );
  });

  test(`${name}: every action from every state leads where the spec says, or nowhere`, (t) => {
    for (const [action, spec] of Object.entries(expected.moves)) {
      for (const from of expected.states) {
        t.is(moveTo(l, from, action), expectedTo(spec, from), `${from} + ${action}`);
      }
    }
    t.is(moveTo(l, expected.states[0]!, 'no_such_action'), null);
  });
}

test('actionsFrom lists the allowed actions in the table order, and only those of the actor asked', (t) => {
  const { merchants, helpRequests, products } = lifecycles;
  t.deepEqual(actionsFrom(merchants, 'warned'), ['suspend', 'reinstate', 'remove']);
  t.deepEqual(actionsFrom(merchants, 'removed'), []);
  t.deepEqual(actionsFrom(helpRequests, 'open'), ['schedule', 'cancel', 'proxy_cancel']);
  t.deepEqual(actionsFrom(helpRequests, 'open', 'proxy'), ['proxy_cancel']);
  t.deepEqual(actionsFrom(helpRequests, 'scheduled', 'system'), ['cancel', 'reopen']);
  t.deepEqual(actionsFrom(products, 'published', 'owner'), ['hide']);
  t.deepEqual(actionsFrom(products, 'hidden', 'officer'), ['take_down']);
});

test('canMove with an actor: only a move that actor takes', (t) => {
  const { products, helpRequests } = lifecycles;
  t.true(canMove(products, 'hidden', 'published', 'owner'));
  t.false(canMove(products, 'hidden', 'taken_down', 'owner'));
  t.true(canMove(products, 'hidden', 'taken_down', 'officer'));
  t.false(canMove(helpRequests, 'scheduled', 'cancelled', 'proxy'));
  t.true(canMove(helpRequests, 'open', 'cancelled', 'proxy'));
  t.false(canMove(products, 'published', 'published'), 'staying put is no move');
});

test('ideas and votes are taken only while a challenge is open', (t) => {
  t.deepEqual(
    challengeStatuses.filter((s) => challengeAcceptsIdeas(s)),
    ['open'],
  );
});
