import {
  type HelpRequestAction,
  type HelpRequestStatus,
  helpRequestActions,
  helpRequestLifecycle,
  helpRequestStatuses,
  householdCreateBody,
  isConsentGiven,
  moveTo,
} from '@timebank/shared';
import test from 'ava';

test('a help request moves open → scheduled → done, or is cancelled while open or scheduled; reopened when its activity is cancelled', (t) => {
  const allowed: Record<string, HelpRequestStatus> = {
    'open:schedule': 'scheduled',
    'scheduled:complete': 'done',
    'open:cancel': 'cancelled',
    'scheduled:cancel': 'cancelled',
    'scheduled:reopen': 'open',
    'open:proxy_cancel': 'cancelled',
  };
  for (const from of helpRequestStatuses) {
    for (const action of helpRequestActions) {
      t.is(
        moveTo(helpRequestLifecycle, from, action as HelpRequestAction),
        allowed[`${from}:${action}`] ?? null,
        `${from} + ${action}`,
      );
    }
  }
});

test('done and cancelled are final; an open request cannot be marked done without an activity', (t) => {
  for (const action of helpRequestActions) {
    t.is(moveTo(helpRequestLifecycle, 'done', action), null);
    t.is(moveTo(helpRequestLifecycle, 'cancelled', action), null);
  }
  t.is(moveTo(helpRequestLifecycle, 'open', 'complete'), null);
  t.is(moveTo(helpRequestLifecycle, 'scheduled', 'schedule'), null);
});

test('consent counts only when agreed, by someone named, and not dated in the future', (t) => {
  const now = new Date('2026-11-25T02:00:00Z');
  const ok = { givenBy: '本人', givenAt: '2026-11-25T09:30:00+08:00', agreed: true };
  t.true(isConsentGiven(ok, now));
  t.false(isConsentGiven(undefined, now));
  t.false(isConsentGiven({ ...ok, agreed: false }, now));
  t.false(isConsentGiven({ ...ok, givenBy: '  ' }, now));
  t.false(isConsentGiven({ ...ok, givenAt: '2026-11-27T09:30:00+08:00' }, now));
  t.true(
    isConsentGiven({ ...ok, givenAt: '2026-11-25T10:30:00+08:00' }, now),
    'a phone clock a little ahead',
  );
});

test('the registration form takes no identity numbers and keeps the data minimal', (t) => {
  const base = {
    label: '张奶奶',
    category: 'elderly_alone',
    address: '紫瑞街 3 栋 2 单元',
    consent: { givenBy: '本人', givenAt: '2026-11-25T09:30:00+08:00', version: '2026-11', agreed: true },
  };
  t.true(householdCreateBody.safeParse(base).success);
  t.false(householdCreateBody.safeParse({ ...base, idNumber: '510114194001011234' }).success);
  t.false(householdCreateBody.safeParse({ ...base, category: 'rich' }).success);
  t.false(householdCreateBody.safeParse({ ...base, consent: { ...base.consent, version: '1999' } }).success);
});
