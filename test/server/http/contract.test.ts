import test from 'ava';
import { createTestContext } from '../../helpers/context';

test('every route declares what it answers: a response schema, files, or no body (204)', async (t) => {
  const ctx = await createTestContext();
  t.teardown(() => ctx.close());
  const missing = ctx.app.specs
    .filter((s) => !s.response && !s.files && s.status !== 204)
    .map((s) => `${s.method.toUpperCase()} ${s.path}`);
  t.deepEqual(missing, [], `routes without a response schema:\n${missing.join('\n')}`);
});
