import type { ExecutionContext } from 'ava';
import type { TestContext, TestUser } from './context';

interface Answer {
  status: number;
  body: { error?: { code?: string; details?: unknown } } & Record<string, unknown>;
}

/** Asserts an error answer: the HTTP status and the stable error code. */
export function assertError(t: ExecutionContext, res: Answer, status: number, code: string) {
  t.is(res.status, status, JSON.stringify(res.body));
  t.is(res.body?.error?.code, code, JSON.stringify(res.body));
}

/** The `details` of a request.invalid answer, as { path, message } pairs. */
export function details(res: Answer): { path: string; message: string }[] {
  return (res.body.error?.details ?? []) as { path: string; message: string }[];
}

export const api = (ctx: TestContext) => ({
  get: (path: string, user?: TestUser) => {
    const r = ctx.request().get(`/api/v1${path}`);
    return user ? r.set(user.auth) : r;
  },
  post: (path: string, user?: TestUser, body?: object) => {
    const r = ctx.request().post(`/api/v1${path}`);
    const s = user ? r.set(user.auth) : r;
    return body ? s.send(body) : s;
  },
  patch: (path: string, user: TestUser, body: object) =>
    ctx.request().patch(`/api/v1${path}`).set(user.auth).send(body),
  delete: (path: string, user: TestUser) => ctx.request().delete(`/api/v1${path}`).set(user.auth),
});
