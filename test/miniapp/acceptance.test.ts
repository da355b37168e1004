import type { CommunityAcceptanceDto } from '@timebank/shared';
import test from 'ava';
import { acceptanceLines, scopeChoices } from '../../miniapp/src/logic/acceptance';

const area = (n: number): CommunityAcceptanceDto => ({
  communityId: 1,
  districtId: 1,
  communityScope: null,
  districtScope: 'district',
  scope: 'district',
  label: { zh: '本街道（区）联盟', en: "The district's alliance" },
  honouredIn: Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `社区${i + 1}` })),
});

test('the holder’s lines: the scope in force and where, in either language', (t) => {
  t.deepEqual(acceptanceLines(area(2), 'zh'), { scope: '本街道（区）联盟', where: '社区1、社区2' });
  t.deepEqual(acceptanceLines(area(2), 'en'), { scope: "The district's alliance", where: '社区1, 社区2' });
  // A long list is cut to six names and a count.
  t.is(acceptanceLines(area(9), 'zh').where, '社区1、社区2、社区3、社区4、社区5、社区6、等 9 个社区');
  t.is(acceptanceLines(area(9), 'en').where, '社区1, 社区2, 社区3, 社区4, 社区5, 社区6, 9 in all');
});

test('the officer chooses among following the district and the three scopes', (t) => {
  t.deepEqual(
    scopeChoices(area(1), 'en').map((c) => [c.value, c.label]),
    [
      [null, "As the district decides: The district's alliance"],
      ['own_community', 'Own community only'],
      ['district', "The district's alliance"],
      ['installation', 'Every community of the alliance'],
    ],
  );
  t.false(
    scopeChoices(area(1), 'en').some((c) => /[\u4e00-\u9fff]/.test(c.label)),
    'no Chinese in English',
  );
});
