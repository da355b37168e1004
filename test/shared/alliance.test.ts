import {
  directoryQuery,
  discountLabel,
  discountSchema,
  isMerchantInAlliance,
  type MerchantAction,
  type MerchantStatus,
  merchantActions,
  merchantStatuses,
  merchantTransitions,
  nextMerchantStatus,
  periodQuery,
} from '@timebank/shared';
import test from 'ava';

/** The lifecycle written out by hand, independent of merchantTransitions. */
const EXPECTED: Record<MerchantAction, Partial<Record<MerchantStatus, MerchantStatus>>> = {
  approve: { applied: 'active' },
  reject: { applied: 'rejected' },
  warn: { active: 'warned' },
  suspend: { active: 'suspended', warned: 'suspended' },
  reinstate: { suspended: 'active', warned: 'active' },
  remove: { active: 'removed', warned: 'removed', suspended: 'removed' },
};

test('the six statuses and six actions are the ones the lifecycle knows', (t) => {
  t.deepEqual([...merchantStatuses], ['applied', 'active', 'warned', 'suspended', 'removed', 'rejected']);
  t.deepEqual([...merchantActions], ['approve', 'reject', 'warn', 'suspend', 'reinstate', 'remove']);
});

for (const action of merchantActions) {
  for (const from of merchantStatuses) {
    const expected = EXPECTED[action][from] ?? null;
    test(`nextMerchantStatus(${from}, ${action}) → ${expected ?? 'null'}`, (t) => {
      t.is(nextMerchantStatus(from, action), expected);
      // and it agrees with the declared table
      const declared = merchantTransitions[action].from.includes(from)
        ? merchantTransitions[action].to
        : null;
      t.is(declared, expected);
    });
  }
}

test('nothing leaves removed or rejected', (t) => {
  for (const action of merchantActions) {
    t.is(nextMerchantStatus('removed', action), null, action);
    t.is(nextMerchantStatus('rejected', action), null, action);
  }
});

test('only active and warned merchants are in the alliance', (t) => {
  t.deepEqual(
    merchantStatuses.filter((s) => isMerchantInAlliance(s)),
    ['active', 'warned'],
  );
});

test('discountLabel: percentOff is written as 折', (t) => {
  t.is(discountLabel({ percentOff: 20, text: null }), '持证消费8折');
  t.is(discountLabel({ percentOff: 14, text: null }), '持证消费8.6折');
  t.is(discountLabel({ percentOff: 50, text: null }), '持证消费5折');
  t.is(discountLabel({ percentOff: 10, text: null }), '持证消费9折');
  t.is(discountLabel({ percentOff: 5, text: null }), '持证消费9.5折');
  t.is(discountLabel({ percentOff: 90, text: null }), '持证消费1折');
});

test('discountLabel: a text offer is shown as written; percentOff wins when both are given', (t) => {
  t.is(discountLabel({ percentOff: null, text: '持证免费理发一次' }), '持证免费理发一次');
  t.is(discountLabel({ percentOff: null, text: null }), '');
  t.is(discountLabel({ percentOff: 30, text: '送饮料' }), '持证消费7折');
});

test('discountSchema needs percentOff or text, and percentOff within 1–90', (t) => {
  t.true(discountSchema.safeParse({ percentOff: 20 }).success);
  t.true(discountSchema.safeParse({ text: '送一杯豆浆' }).success);
  t.false(discountSchema.safeParse({}).success);
  t.false(discountSchema.safeParse({ conditions: '仅限周一' }).success);
  t.false(discountSchema.safeParse({ percentOff: 0 }).success);
  t.false(discountSchema.safeParse({ percentOff: 91 }).success);
  t.false(discountSchema.safeParse({ percentOff: 12.5 }).success);
});

test('directoryQuery: lat and lng go together', (t) => {
  t.true(directoryQuery.safeParse({ lat: '30.8', lng: '104.1' }).success);
  t.true(directoryQuery.safeParse({}).success);
  t.false(directoryQuery.safeParse({ lat: '30.8' }).success);
  t.false(directoryQuery.safeParse({ lng: '104.1' }).success);
});

test('periodQuery: from must not be after to', (t) => {
  t.true(periodQuery.safeParse({ from: '2026-11-01', to: '2026-11-30' }).success);
  t.true(periodQuery.safeParse({ from: '2026-11-25', to: '2026-11-25' }).success);
  t.false(periodQuery.safeParse({ from: '2026-11-26', to: '2026-11-25' }).success);
  t.false(periodQuery.safeParse({ from: '2026-11-01' }).success);
  t.false(periodQuery.safeParse({ from: '2026/11/01', to: '2026-11-30' }).success);
});
