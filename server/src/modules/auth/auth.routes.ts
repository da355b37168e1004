import { authSessionOut, authWechatSessionOut, passwordSignInBody, wechatSignInBody } from '@timebank/shared';
import type { Api } from '../../http/route';
import type { AuthService } from './auth.service';

export function authRoutes(api: Api, auth: AuthService) {
  api.route(
    {
      method: 'post',
      path: '/auth/wechat',
      limit: { max: 60, windowSeconds: 60 },
      tag: 'auth',
      summary: 'Sign in with the code from Taro.login (WeChat code2Session)',
      description:
        'A first sign-in needs communityId and creates a volunteer. The WeChat session_key is never returned.',
      access: 'public',
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
    ({ body }) => auth.signInWithWechat(body),
  );

  api.route(
    {
      method: 'post',
      path: '/auth/password',
      tag: 'auth',
      summary: 'Sign in with username and password (officers, merchant staff, district administrators)',
      access: 'public',
      body: passwordSignInBody,
      response: authSessionOut,
      errors: ['auth.invalid_credentials', 'auth.rate_limited', 'auth.account_disabled'],
    },
    ({ body, ctx }) => auth.signInWithPassword({ ...body, ip: ctx.ip }),
  );
}
