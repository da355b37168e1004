/** A late answer to an older load never replaces newer data on screen (activities list). */
import test from 'ava';
import { createLatest } from '../../miniapp/src/logic/latest';

test('only the newest load is applied, whatever order the answers arrive in', (t) => {
  const latest = createLatest();
  const first = latest.begin();
  const second = latest.begin();
  t.true(latest.isCurrent(second));
  t.false(latest.isCurrent(first));
});

test('a change made on screen retires the loads already under way', (t) => {
  const latest = createLatest();
  const before = latest.begin(); // the list is loading (slowly) when the volunteer enrols
  latest.retire(); // the enrolment's answer was applied
  t.false(latest.isCurrent(before));
  const after = latest.begin(); // a later pull-to-refresh is applied as usual
  t.true(latest.isCurrent(after));
});
