import test from 'ava';
import { AppError, isDatabaseUnavailable } from '../../../server/src/http/errors';
import { createTestContext } from '../../helpers/context';

test('errors of a database that went away are told apart from bugs', (t) => {
  const pg = (code: string) => Object.assign(new Error('x'), { code });
  for (const e of [
    pg('57P01'),
    pg('08006'),
    pg('25006'),
    pg('ECONNREFUSED'),
    new Error('Connection terminated unexpectedly'),
    new Error('Failed query', { cause: pg('08003') }),
    new Error('Failed query: rollback', {
      cause: new Error('Client has encountered a connection error and is not queryable'),
    }),
  ])
    t.true(isDatabaseUnavailable(e), String((e as { code?: string }).code ?? e.message));
  for (const e of [pg('23505'), pg('22003'), new Error('boom'), new AppError('request.invalid')])
    t.false(isDatabaseUnavailable(e));
});

test('a request whose database connection is lost answers 503 server.unavailable with Retry-After', async (t) => {
  const ctx = await createTestContext();
  t.teardown(() => ctx.close());
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  // The route calls the service object's method at request time: make it fail as pg does when the
  // server is shut down under it.
  const svc = ctx.services.activities;
  const real = svc.getActivity;
  svc.getActivity = async () => {
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  };
  t.teardown(() => {
    svc.getActivity = real;
  });
  const r = await ctx.request().get('/api/v1/activities/1').set(officer.auth);
  t.is(r.status, 503, JSON.stringify(r.body));
  t.is(r.body.error.code, 'server.unavailable');
  t.is(r.headers['retry-after'], '2');
});
