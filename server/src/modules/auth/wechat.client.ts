import { AppError } from '../../http/errors';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/**
 * WeChat's code2Session over real HTTP at a configured base URL (tests and development point it at a
 * local fake). The session_key it returns is dropped here: never stored, returned or logged.
 */
export function createWechatClient(cfg: {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}) {
  return {
    async code2Session(code: string): Promise<WechatSession> {
      const url = new URL('/sns/jscode2session', cfg.baseUrl.endsWith('/') ? cfg.baseUrl : `${cfg.baseUrl}/`);
      // Keep any path prefix of the base URL (the development fake is mounted under one).
      url.pathname = `${new URL(cfg.baseUrl).pathname.replace(/\/$/, '')}/sns/jscode2session`;
      url.search = new URLSearchParams({
        appid: cfg.appId,
        secret: cfg.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      let body: { openid?: unknown; unionid?: unknown; errcode?: unknown };
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(cfg.timeoutMs) });
        if (!res.ok) throw new Error(`status ${res.status}`);
        body = (await res.json()) as typeof body;
      } catch {
        throw new AppError('auth.wechat_unavailable');
      }
      if (typeof body.errcode === 'number' && body.errcode !== 0) {
        // -1 is WeChat's "system busy"; everything else is a bad or used code.
        throw new AppError(body.errcode === -1 ? 'auth.wechat_unavailable' : 'auth.wechat_failed', {
          wechatErrcode: body.errcode,
        });
      }
      if (typeof body.openid !== 'string' || body.openid.length === 0)
        throw new AppError('auth.wechat_failed');
      return { openid: body.openid, ...(typeof body.unionid === 'string' ? { unionid: body.unionid } : {}) };
    },
  };
}

export type WechatClient = ReturnType<typeof createWechatClient>;
