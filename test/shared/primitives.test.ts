import { isAcceptablePhotoRef, photoRef } from '@timebank/shared';
import test from 'ava';

test('photo references: our own image ids and public https links only', (t) => {
  const ours = `ph_${'a1'.repeat(32)}`;
  for (const ok of [ours, 'https://img.example.com/a.jpg', 'https://cdn.example.cn:8443/x/y.png?v=1']) {
    t.true(isAcceptablePhotoRef(ok), ok);
  }
  for (const bad of [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,iVBORw0KGgo=',
    'http://img.example.com/a.jpg',
    'https://localhost/a.jpg',
    'https://metadata/computeMetadata',
    'https://127.0.0.1/a.jpg',
    'https://169.254.169.254/latest/meta-data',
    'https://10.0.0.8/a.jpg',
    'https://2130706433/a.jpg',
    'https://0x7f000001/a.jpg',
    'https://[::1]/a.jpg',
    'https://db.internal/a.jpg',
    'https://printer.local/a.jpg',
    'https://api.localhost/a.jpg',
    'https://user:pw@img.example.com/a.jpg',
    `ph_${'a1'.repeat(31)}`,
    'ph_../../etc/passwd',
    '/api/v1/photos/1',
    '',
  ]) {
    t.false(isAcceptablePhotoRef(bad), bad);
  }
  const r = photoRef.safeParse('javascript:alert(1)');
  t.false(r.success);
  t.is(r.error?.issues[0]?.message, 'photo_ref_not_ours');
});
