import type { Config } from '@timebank/config';
import jwt from 'jsonwebtoken';
import type { Context } from 'koa';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { createTtlCache } from '../../http/cache';
import { AppError, fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import type { RateLimiter } from '../system/rate-limit.service';
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
import type { TokenService } from './tokens';
import type { WechatClient } from './wechat.client';

/**
 * How long a session check may reuse what it learnt: a verified token (never past its `exp`) and the
 * user's role, community and disabled flag. So disabling an account or changing a role directly in the
 * database takes effect within this time on every instance; changes this process makes through
 * `forgetUser` take effect at once.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
const VERIFIED_TOKEN_TTL_MS = 10 * 60_000;

interface CachedUser {
  role: UserRow['role'];
  communityId: number;
  disabled: boolean;
}

export function createAuthService(deps: {
  db: Db;
  tokens: TokenService;
  wechat: WechatClient;
  rateLimiter: RateLimiter;
  config: Pick<Config, 'signin'>;
  clock: Clock;
}) {
  const { db, tokens } = deps;
  // The ES256 check is the costly part of a session check, and its answer for a given token never
  // changes before the token's exp: a token verified once is trusted for up to 10 minutes (never past
  // its exp). Only good tokens are kept; a bad one is checked every time. What can change — the role,
  // the community, a disabled account — comes from the user lookup, reused for SESSION_CACHE_TTL_MS.
  const verifiedTokens = createTtlCache<string, number>({
    clock: deps.clock,
    ttlMs: VERIFIED_TOKEN_TTL_MS,
    max: SESSION_CACHE_MAX,
  });
  const usersById = createTtlCache<number, CachedUser>({
    clock: deps.clock,
    ttlMs: SESSION_CACHE_TTL_MS,
    max: SESSION_CACHE_MAX,
  });

  function verifiedUserId(token: string): number {
    const cached = verifiedTokens.get(token);
    if (cached !== undefined) return cached;
    const claims = tokens.verifySession(token);
    if (typeof claims === 'string') fail('auth.invalid_token');
    const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
    if (typeof exp === 'number') verifiedTokens.set(token, claims.userId, exp * 1000);
    return claims.userId;
  }

  async function lookUp(userId: number): Promise<CachedUser | undefined> {
    const cached = usersById.get(userId);
    if (cached) return cached;
    const user = await findUserById(db, userId);
    if (!user) return undefined;
    const row = { role: user.role, communityId: user.communityId, disabled: user.disabled };
    // Expiring at 80–100 % of the TTL: users first seen together (a shift starting) are not all
    // looked up again in the same instant.
    const jitter = SESSION_CACHE_TTL_MS * 0.2 * Math.random();
    usersById.set(userId, row, deps.clock.now().getTime() + SESSION_CACHE_TTL_MS - jitter);
    return row;
  }

  function session(user: UserRow) {
    if (user.disabled) fail('auth.account_disabled');
    const { token, expiresAt } = tokens.signSession({
      userId: user.id,
      role: user.role,
      communityId: user.communityId,
    });
    return { token, expiresAt: expiresAt.toISOString(), user: presentMe(user) };
  }

  return {
    /** A change to this user's role, community or disabled flag made here: session checks see it now. */
    forgetUser(userId: number) {
      usersById.delete(userId);
    },

    /** Exchanges a Taro.login code for a session; a new openid becomes a volunteer of the chosen community. */
    async signInWithWechat(input: { code: string; communityId?: number | undefined }) {
      const { openid } = await deps.wechat.code2Session(input.code);
      const existing = await findUserByOpenid(db, openid);
      if (existing) return { ...session(existing), created: false };
      if (!input.communityId) fail('auth.community_required');
      const community = await findCommunity(db, input.communityId);
      if (!community) fail('communities.not_found');
      try {
        const user = await db.transaction((tx) =>
          insertUser(tx, {
            communityId: community.id,
            role: 'volunteer',
            displayName: '志愿者',
            wechatOpenid: openid,
          }),
        );
        return { ...session(user), created: true };
      } catch (err) {
        // Two first sign-ins of one person at once: the other one created the user.
        if (!isUniqueViolation(err)) throw err;
        const user = await findUserByOpenid(db, openid);
        if (!user) throw err;
        return { ...session(user), created: false };
      }
    },

    /** Officers and merchant staff on the web. Failures are limited per username and per address. */
    async signInWithPassword(input: { username: string; password: string; ip: string }) {
      const { maxFailures, windowSeconds } = deps.config.signin;
      const userKey = `signin-fail:user:${input.username.toLowerCase()}`;
      const ipKey = `signin-fail:ip:${input.ip}`;
      // Only failures count, per username and per address: colleagues behind one office address
      // signing in correctly never lock each other out.
      const [byUser, byIp] = await Promise.all([
        deps.rateLimiter.count(userKey, windowSeconds),
        deps.rateLimiter.count(ipKey, windowSeconds),
      ]);
      if (byUser.count >= maxFailures)
        throw new AppError('auth.rate_limited', { retryAfterSeconds: byUser.retryAfterSeconds });
      if (byIp.count >= maxFailures * 6)
        throw new AppError('auth.rate_limited', { retryAfterSeconds: byIp.retryAfterSeconds });
      const user = await findUserByUsername(db, input.username);
      const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        await Promise.all([
          deps.rateLimiter.consume(userKey, maxFailures, windowSeconds),
          deps.rateLimiter.consume(ipKey, maxFailures * 6, windowSeconds),
        ]);
        fail('auth.invalid_credentials');
      }
      return session(user);
    },

    /** Reads the Bearer token; the role and community come from the database, not the token. */
    async authenticate(ctx: Context): Promise<AuthUser | undefined> {
      if (ctx.state.user !== undefined) return ctx.state.user ?? undefined;
      const header = ctx.get('authorization');
      if (!header) {
        ctx.state.user = null;
        return undefined;
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) fail('auth.invalid_token');
      const userId = verifiedUserId(match[1]!);
      const user = await lookUp(userId);
      if (!user) fail('auth.invalid_token');
      if (user.disabled) fail('auth.account_disabled');
      const auth: AuthUser = { id: userId, role: user.role, communityId: user.communityId };
      ctx.state.user = auth;
      return auth;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
