import type { Config } from '@timebank/config';
import jwt from 'jsonwebtoken';
import type { Context } from 'koa';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { createTtlCache } from '../../http/cache';
import type { CacheBus } from '../../http/cache-bus';
import { AppError, fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { presentMe } from '../users/users.presenter';
import {
  findCommunity,
  findUserById,
  findUserByOpenid,
  findUserByUsername,
  insertUser,
  type UserRow,
} from '../users/users.repository';
import { DUMMY_HASH, verifyPassword } from './passwords';
import {
  type RevokeReason,
  SESSION_CACHE_MAX,
  SESSION_CACHE_TTL_MS,
  type SessionMethod,
  type SessionStore,
} from './sessions';
import type { SigninThrottle } from './signin-throttle';
import type { TokenService, VerifiedSession } from './tokens';
import type { WechatClient } from './wechat.client';

export { SESSION_CACHE_TTL_MS } from './sessions';

const VERIFIED_TOKEN_TTL_MS = 10 * 60_000;

interface CachedUser {
  role: UserRow['role'];
  communityId: number;
  disabled: boolean;
  /** Tokens without a session row issued at or before this second are refused. */
  sessionsValidAfter: number | null;
}

/** What the client says about itself, kept with the session so its holder can tell devices apart. */
export interface ClientInfo {
  userAgent?: string | undefined;
}

/** The session id (`jti`) of the request's token, set by `authenticate`; none for an old token. */
export const sessionIdOf = (ctx: Context): string | undefined =>
  (ctx.state as { sessionId?: string }).sessionId;

export function createAuthService(deps: {
  db: Db;
  tokens: TokenService;
  wechat: WechatClient;
  sessions: SessionStore;
  throttle: SigninThrottle;
  config: Pick<Config, 'signin'>;
  clock: Clock;
  /** Tells the other API processes of a changed user (http/cache-bus.ts). */
  bus?: CacheBus | undefined;
}) {
  const { db, tokens, sessions } = deps;
  // The ES256 check is the costly part of a session check, and its answer for a given token never
  // changes before the token's exp: a token verified once is trusted for up to 10 minutes (never past
  // its exp). Only good tokens are kept; a bad one is checked every time. What can change — the role,
  // the community, a disabled account, a revoked session — comes from the lookups, reused for
  // SESSION_CACHE_TTL_MS.
  const verifiedTokens = createTtlCache<string, VerifiedSession>({
    clock: deps.clock,
    ttlMs: VERIFIED_TOKEN_TTL_MS,
    max: SESSION_CACHE_MAX,
  });
  const usersById = createTtlCache<number, CachedUser>({
    clock: deps.clock,
    ttlMs: SESSION_CACHE_TTL_MS,
    max: SESSION_CACHE_MAX,
  });

  function verified(token: string): VerifiedSession {
    const cached = verifiedTokens.get(token);
    if (cached !== undefined) return cached;
    const claims = tokens.verifySession(token);
    if (typeof claims === 'string') fail('auth.invalid_token');
    const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
    if (typeof exp === 'number') verifiedTokens.set(token, claims, exp * 1000);
    return claims;
  }

  async function lookUp(userId: number): Promise<CachedUser | undefined> {
    const cached = usersById.get(userId);
    if (cached) return cached;
    const user = await findUserById(db, userId);
    if (!user) return undefined;
    const row = {
      role: user.role,
      communityId: user.communityId,
      disabled: user.disabled,
      sessionsValidAfter: user.sessionsValidAfter
        ? Math.floor(user.sessionsValidAfter.getTime() / 1000)
        : null,
    };
    // Expiring at 80–100 % of the TTL: users first seen together (a shift starting) are not all
    // looked up again in the same instant.
    const jitter = SESSION_CACHE_TTL_MS * 0.2 * Math.random();
    usersById.set(userId, row, deps.clock.now().getTime() + SESSION_CACHE_TTL_MS - jitter);
    return row;
  }

  // A user another process changed: looked up again here.
  deps.bus?.on((m) => {
    if (m.t === 'user') usersById.delete(m.id);
    else if (m.t === 'all') usersById.clear();
  });

  async function session(ex: Executor, user: UserRow, method: SessionMethod, client: ClientInfo) {
    if (user.disabled) fail('auth.account_disabled');
    const { token, expiresAt } = await sessions.open(ex, user, { method, userAgent: client.userAgent });
    return { token, expiresAt: expiresAt.toISOString(), user: presentMe(user) };
  }

  /** Ends the user's sessions (all, or all but `except`) and forgets what this process cached. */
  async function endSessions(ex: Executor, userId: number, reason: RevokeReason, except?: string) {
    const n = await sessions.revokeAll(ex, userId, reason, except);
    usersById.delete(userId);
    return n;
  }

  return {
    /** A change to this user's role, community or disabled flag made here: session checks see it now. */
    forgetUser(userId: number) {
      usersById.delete(userId);
      deps.bus?.publish({ t: 'user', id: userId });
    },

    endSessions,

    /** Exchanges a Taro.login code for a session; a new openid becomes a volunteer of the chosen community. */
    async signInWithWechat(
      input: { code: string; communityId?: number | undefined },
      client: ClientInfo = {},
    ) {
      const { openid } = await deps.wechat.code2Session(input.code);
      const existing = await findUserByOpenid(db, openid);
      if (existing) return { ...(await session(db, existing, 'wechat', client)), created: false };
      if (!input.communityId) fail('auth.community_required');
      const community = await findCommunity(db, input.communityId);
      if (!community) fail('communities.not_found');
      try {
        return await inTransaction(db, async (tx) => {
          const user = await insertUser(tx, {
            communityId: community.id,
            role: 'volunteer',
            displayName: '志愿者',
            wechatOpenid: openid,
          });
          return { ...(await session(tx, user, 'wechat', client)), created: true };
        });
      } catch (err) {
        // Two first sign-ins of one person at once: the other one created the user.
        if (!isUniqueViolation(err)) throw err;
        const user = await findUserByOpenid(db, openid);
        if (!user) throw err;
        return { ...(await session(db, user, 'wechat', client)), created: false };
      }
    },

    /**
     * Officers and merchant staff on the web. Attempts are slowed down per username+address (a few
     * free, then 1, 2, 4 … s apart) and per address (a large budget: an event's shared Wi-Fi), never
     * per username alone — so nobody locks an officer out by knowing the name.
     */
    async signInWithPassword(
      input: { username: string; password: string; ip: string },
      client: ClientInfo = {},
    ) {
      const { maxFailures, addressMaxFailures } = deps.config.signin;
      const pairKey = `pair:${input.username.toLowerCase()}|${input.ip}`;
      const addressKey = `ip:${input.ip}`;
      const wait = await deps.throttle.attempt([
        { key: pairKey, free: maxFailures },
        { key: addressKey, free: addressMaxFailures },
      ]);
      if (wait > 0) throw new AppError('auth.rate_limited', { retryAfterSeconds: wait });
      const user = await findUserByUsername(db, input.username);
      const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) fail('auth.invalid_credentials');
      await deps.throttle.succeeded(pairKey, addressKey);
      return session(db, user, 'password', client);
    },

    /**
     * Reads the Bearer token; the role and community come from the database, not the token. A token
     * with a session id needs its row live; an older one without is refused once the user signed out
     * everywhere (or changed their password) after it was issued.
     */
    async authenticate(ctx: Context): Promise<AuthUser | undefined> {
      if (ctx.state.user !== undefined) return ctx.state.user ?? undefined;
      const header = ctx.get('authorization');
      if (!header) {
        ctx.state.user = null;
        return undefined;
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) fail('auth.invalid_token');
      const claims = verified(match[1]!);
      const user = await lookUp(claims.userId);
      if (!user) fail('auth.invalid_token');
      if (user.disabled) fail('auth.account_disabled');
      if (claims.sessionId) {
        if (!(await sessions.isLive(claims.sessionId, claims.userId))) fail('auth.invalid_token');
        ctx.state.sessionId = claims.sessionId;
      } else if (user.sessionsValidAfter !== null && claims.issuedAt <= user.sessionsValidAfter) {
        fail('auth.invalid_token');
      }
      const auth: AuthUser = { id: claims.userId, role: user.role, communityId: user.communityId };
      ctx.state.user = auth;
      return auth;
    },

    /** This session ends (a token without a session row: every such token of the user). */
    async logout(user: AuthUser, sessionId: string | undefined) {
      if (sessionId) {
        await sessions.revoke(db, user.id, sessionId, 'logout');
        return;
      }
      await sessions.revokeTokensWithoutRow(db, user.id);
      usersById.delete(user.id);
    },

    /** Every session of the user ends, this one included. */
    async logoutEverywhere(user: AuthUser) {
      const revoked = await inTransaction(db, (tx) => endSessions(tx, user.id, 'logout_all'));
      return { revoked };
    },

    async listSessions(user: AuthUser, currentId: string | undefined) {
      return { sessions: await sessions.list(user.id, currentId) };
    },

    /** One of my sessions ends; another user's (or an ended one) is not found. */
    async revokeSession(user: AuthUser, sessionId: string) {
      if (!(await sessions.revoke(db, user.id, sessionId, 'revoked'))) fail('accounts.session_not_found');
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
