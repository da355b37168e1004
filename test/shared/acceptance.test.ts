import {
  type AcceptanceScope,
  type AcceptanceSide,
  effectiveScope,
  honours,
  reaches,
} from '@timebank/shared';
import test from 'ava';

const side = (
  communityId: number,
  districtId: number,
  districtScope: AcceptanceScope,
  communityScope: AcceptanceScope | null = null,
): AcceptanceSide => ({ communityId, districtId, districtScope, communityScope });

test('a community decides for itself, else its district does', (t) => {
  t.is(effectiveScope(side(1, 1, 'district')), 'district');
  t.is(effectiveScope(side(1, 1, 'district', 'own_community')), 'own_community');
  t.is(effectiveScope(side(1, 1, 'own_community', 'installation')), 'installation');
});

test('how far each scope reaches: own community, its district, every community', (t) => {
  const a = side(1, 10, 'installation');
  const b = side(2, 10, 'installation');
  const c = side(3, 20, 'installation');
  for (const scope of ['own_community', 'district', 'installation'] as const)
    t.true(reaches(scope, a, a), scope);
  t.deepEqual(
    (['own_community', 'district', 'installation'] as const).map((s) => [reaches(s, a, b), reaches(s, a, c)]),
    [
      [false, false],
      [true, false],
      [true, true],
    ],
  );
});

test('a certificate is honoured only where both communities agree', (t) => {
  const holder = (s: AcceptanceScope | null) => side(1, 10, 'installation', s);
  const sameDistrict = (s: AcceptanceScope | null) => side(2, 10, 'installation', s);
  const otherDistrict = (s: AcceptanceScope | null) => side(3, 20, 'installation', s);
  t.true(honours(holder(null), sameDistrict(null)));
  t.true(honours(holder(null), otherDistrict(null)));
  t.true(honours(holder('district'), sameDistrict(null)));
  t.false(
    honours(holder('district'), otherDistrict(null)),
    "the holder's community keeps it in the district",
  );
  t.false(honours(holder(null), otherDistrict('district')), "the shop's community takes only its district's");
  t.false(honours(holder(null), sameDistrict('own_community')));
  t.false(honours(holder('own_community'), sameDistrict(null)));
  // Its own shops always honour a community's certificates.
  t.true(honours(holder('own_community'), holder('own_community')));
});
