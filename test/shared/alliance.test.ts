import {
  directoryQuery,
  discountLabel,
  discountSchema,
  isMerchantInAlliance,
  MAX_CHECKS_PER_DAY,
  type MerchantAction,
  type MerchantStatus,
  merchantActions,
  merchantLifecycle,
  merchantStatuses,
  moveTo,
  periodQuery,
  SUSPICIOUS_DISTANCE_M,
  tillSuspicion,
} from '@timebank/shared';
import test from 'ava';

/** The lifecycle written out by hand, independent of merchantLifecycle. */
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
    test(`moveTo(merchants, ${from}, ${action}) → ${expected ?? 'null'}`, (t) => {
      t.is(moveTo(merchantLifecycle, from, action), expected);
    });
  }
}

test('nothing leaves removed or rejected', (t) => {
  for (const action of merchantActions) {
    t.is(moveTo(merchantLifecycle, 'removed', action), null, action);
    t.is(moveTo(merchantLifecycle, 'rejected', action), null, action);
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

test('tillSuspicion: a valid check far from another within the window, and too many in a day', (t) => {
  const here = { lat: 30.8236, lng: 104.1589 };
  const near = { id: 1, merchantId: 11, lat: 30.8237, lng: 104.159 };
  const far = { id: 2, merchantId: 12, lat: 30.9, lng: 104.3 }; // ≈ 16 km
  t.deepEqual(tillSuspicion(here, [near], 2, '2026-11-25'), []);
  const [distant] = tillSuspicion(here, [near, far], 2, '2026-11-25');
  t.is(distant?.kind, 'distant_shops');
  t.like(distant?.details, { otherVerificationId: 2, otherMerchantId: 12 });
  t.true((distant?.details.distanceM as number) > SUSPICIOUS_DISTANCE_M);
  t.deepEqual(tillSuspicion(here, [], MAX_CHECKS_PER_DAY, '2026-11-25'), []);
  t.deepEqual(tillSuspicion(here, [], MAX_CHECKS_PER_DAY + 1, '2026-11-25'), [
    { kind: 'too_many_checks', details: { date: '2026-11-25', checks: MAX_CHECKS_PER_DAY + 1 } },
  ]);
  t.is(tillSuspicion(here, [far, far], MAX_CHECKS_PER_DAY + 1, 'd').length, 2, 'one distant alert at most');
});
