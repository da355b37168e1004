import {
  authSessionOut,
  authWechatSessionOut,
  passwordChangeBody,
  passwordResetBody,
  passwordSignInBody,
  sessionIdParam,
  sessionListOut,
  sessionsRevokedOut,
  wechatSignInBody,
} from '@timebank/shared';
import type { Context } from 'koa';
import type { Api } from '../../http/route';
import { type AuthService, sessionIdOf } from './auth.service';
import type { CredentialsService } from './credentials.service';

const client = (ctx: Context) => ({ userAgent: ctx.get('user-agent') || undefined });

export function authRoutes(api: Api, auth: AuthService, credentials: CredentialsService) {
  api.route(
    {
      method: 'post',
      path: '/auth/wechat',
      limit: { max: 60, windowSeconds: 60 },
      tag: 'auth',
      summary: 'Sign in with the code from Taro.login (WeChat code2Session)',
      description:
        'A first sign-in needs communityId and creates a volunteer. The WeChat session_key is never returned.',
      action: 'auth.signin',
      body: wechatSignInBody,
      response: authWechatSessionOut,
      errors: [
        'auth.wechat_failed',
        'auth.wechat_unavailable',
        'auth.community_required',
        'communities.not_found',
        'auth.account_disabled',
      ],
    },
    ({ body, ctx }) => auth.signInWithWechat(body, client(ctx)),
  );

  api.route(
    {
      method: 'post',
      path: '/auth/password',
      tag: 'auth',
      summary: 'Sign in with username and password (officers, merchant staff, district administrators)',
      description:
        'Attempts are slowed down, never locked: after SIGNIN_MAX_FAILURES (5) failures for one username from one address, each next attempt of that pair must wait 1, 2, 4 … s (at most SIGNIN_MAX_DELAY_SECONDS); one address as a whole gets SIGNIN_ADDRESS_MAX_FAILURES (300) before its delays start. The counts are forgotten after SIGNIN_WINDOW_SECONDS without an attempt; a correct password clears its pair. Too early: 429 auth.rate_limited with meta.retryAfterSeconds and Retry-After. The same username from another address is not slowed down.',
      action: 'auth.signin',
      body: passwordSignInBody,
      response: authSessionOut,
      errors: ['auth.invalid_credentials', 'auth.rate_limited', 'auth.account_disabled'],
    },
    ({ body, ctx }) => auth.signInWithPassword({ ...body, ip: ctx.ip }, client(ctx)),
  );

  api.route(
    {
      method: 'post',
      path: '/auth/logout',
      tag: 'auth',
      summary: 'Sign out: this session ends',
      description:
        'Its token is refused from now on by this API process, and by every other within 5 seconds. A token issued before sessions were recorded (no jti) ends with every such token of the user.',
      action: 'auth.signout',
      status: 204,
    },
    ({ user, ctx }) => auth.logout(user, sessionIdOf(ctx)),
  );

  api.route(
    {
      method: 'post',
      path: '/auth/logout-all',
      tag: 'auth',
      summary: 'Sign out everywhere: every session of mine ends, this one included',
      action: 'auth.signout',
      response: sessionsRevokedOut,
    },
    ({ user }) => auth.logoutEverywhere(user),
  );

  api.route(
    {
      method: 'post',
      path: '/auth/password-reset',
      limit: { max: 20, windowSeconds: 900 },
      tag: 'auth',
      summary: "A shop's staff member sets a new password with the one-time code an officer gave them",
      description:
        'The code works once, for 24 hours, and is void after 5 wrong tries (the officer then issues a new one); attempts are also limited per address. Every session of the account ends. Wrong, used, expired code or unknown username: 400 accounts.reset_code_invalid.',
      action: 'auth.password_reset',
      body: passwordResetBody,
      status: 204,
      errors: ['accounts.reset_code_invalid', 'accounts.password_weak'],
    },
    ({ body }) => credentials.redeemReset(body),
  );

  api.route(
    {
      method: 'post',
      path: '/me/password',
      limit: { max: 10, windowSeconds: 900 },
      tag: 'auth',
      summary: 'Change my password (the current one is required); my other sessions end',
      description:
        'At least 8 characters, not the username and not the current password (400 accounts.password_weak with meta.rule). WeChat accounts have no password (409 accounts.no_password).',
      action: 'me.password',
      body: passwordChangeBody,
      status: 204,
      errors: [
        'accounts.wrong_password',
        'accounts.password_weak',
        'accounts.no_password',
        'users.not_found',
      ],
    },
    ({ user, body, ctx }) => credentials.changePassword(user, sessionIdOf(ctx), body),
  );

  api.route(
    {
      method: 'get',
      path: '/me/sessions',
      tag: 'auth',
      summary: 'My live sessions (signed-in devices): how each began, its user agent, created and last seen',
      description: 'lastSeenAt moves at most every 5 minutes. `current` marks the session of this request.',
      action: 'me.sessions',
      response: sessionListOut,
    },
    ({ user, ctx }) => auth.listSessions(user, sessionIdOf(ctx)),
  );

  api.route(
    {
      method: 'delete',
      path: '/me/sessions/:id',
      tag: 'auth',
      summary: 'End one of my sessions (a device I no longer use)',
      action: 'me.sessions',
      params: sessionIdParam,
      status: 204,
      errors: ['accounts.session_not_found'],
    },
    ({ user, params }) => auth.revokeSession(user, params.id),
  );
}
