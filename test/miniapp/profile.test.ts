import type { ProfileDto } from '@timebank/shared';
import test from 'ava';
import { lastRejection, photoApprovalLine, profileEdits } from '../../miniapp/src/logic/profile';

const base = { displayName: '小王', realName: '王小明' };

test('a save sends only what changed, and checks the phone', (t) => {
  t.deepEqual(profileEdits(base, { displayName: '小王', realName: '王小明', phone: '' }), {
    ok: true,
    value: {},
  });
  t.deepEqual(profileEdits(base, { displayName: ' 老王 ', realName: '王晓明', phone: '13812345678' }), {
    ok: true,
    value: { displayName: '老王', realName: '王晓明', phone: '13812345678' },
  });
  t.deepEqual(profileEdits(base, { displayName: '小王', realName: '', phone: '' }), { ok: true, value: {} });
  t.deepEqual(profileEdits(base, { displayName: '小王', realName: '王小明', phone: '1381234' }), {
    ok: false,
    field: 'phone',
  });
  t.deepEqual(profileEdits(base, { displayName: '  ', realName: '', phone: '' }), {
    ok: false,
    field: 'displayName',
  });
});

test('the photo approval line, in both languages', (t) => {
  const fmt = (iso: string) => iso.slice(0, 10);
  t.is(photoApprovalLine({ photoApprovedAt: null }, 'zh', fmt), null);
  t.is(
    photoApprovalLine({ photoApprovedAt: '2026-12-01T02:00:00.000Z' }, 'zh', fmt),
    '照片审核通过于 2026-12-01',
  );
  t.is(
    photoApprovalLine({ photoApprovedAt: '2026-12-01T02:00:00.000Z' }, 'en', fmt),
    'Photo approved on 2026-12-01',
  );
});

test('the last rejection is shown with its reason, unless a new request waits', (t) => {
  const change = (status: ProfileDto['history'][number]['status'], reason: string | null) => ({
    id: 1,
    userId: 1,
    status,
    realName: null,
    photoUrl: null,
    reason,
    createdAt: '2026-12-01T02:00:00.000Z',
    decidedAt: '2026-12-01T03:00:00.000Z',
  });
  t.is(lastRejection({ history: [change('rejected', '照片模糊')], pendingChange: null }), '照片模糊');
  t.is(lastRejection({ history: [change('approved', null)], pendingChange: null }), null);
  t.is(
    lastRejection({
      history: [change('rejected', '照片模糊')],
      pendingChange: { ...change('pending', null), decidedAt: null },
    }),
    null,
  );
  t.is(lastRejection({ history: [], pendingChange: null }), null);
});
