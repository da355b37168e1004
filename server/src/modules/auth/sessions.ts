import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { createTtlCache } from '../../http/cache';
import type { CacheBus } from '../../http/cache-bus';
import { setSessionsValidAfter } from '../users/users.repository';
import type { users } from '../users/users.table';
import { sessions } from './auth.table';
import type { TokenService } from './tokens';

/**
 * How long a session check may reuse what it learnt: a verified token (never past its `exp`), the
 * user's role, community and disabled flag, and whether the session's row is still live. So a
 * revocation or a disabled account made by another API process takes effect within this time; what
 * this process changes takes effect at once.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
export const SESSION_CACHE_MAX = 10_000;
/** `lastSeenAt` moves at most this often (a write per session every few minutes, not per request). */
const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;
/** Sessions listed for their holder: the newest live ones. */
const LISTED_SESSIONS = 50;

export type SessionMethod = 'wechat' | 'password' | 'application';
export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'revoked'
  | 'password_changed'
  | 'password_reset'
  | 'disabled';

interface CachedSession {
  userId: number;
  live: boolean;
  checkedAt: number;
}

/** Session rows: opened at sign-in, checked (cached) on every request, revoked one by one or all. */
export function createSessionStore(deps: {
  db: Db;
  tokens: TokenService;
  clock: Clock;
  ttlSeconds: number;
  /** Tells the other API processes of a revocation (http/cache-bus.ts). */
  bus?: CacheBus | undefined;
}) {
  const { db, clock } = deps;
  const byId = createTtlCache<string, CachedSession>({
    clock,
    ttlMs: SESSION_CACHE_TTL_MS,
    max: SESSION_CACHE_MAX,
  });
  // "Everything of this user revoked at" (this process): cached answers older than it are not used.
  const revokedAllAt = createTtlCache<number, number>({
    clock,
    ttlMs: SESSION_CACHE_TTL_MS,
    max: SESSION_CACHE_MAX,
  });

  // What another process revoked: its cached answers here are not used again.
  deps.bus?.on((m) => {
    if (m.t === 'session') byId.delete(m.id);
    else if (m.t === 'user') revokedAllAt.set(m.id, clock.now().getTime());
    else if (m.t === 'all') byId.clear();
  });

  async function readLive(sessionId: string, userId: number): Promise<boolean> {
    const now = clock.now();
    const [row] = await db
      .select({
        userId: sessions.userId,
        revokedAt: sessions.revokedAt,
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
      })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .limit(1);
    const live = !!row && row.userId === userId && !row.revokedAt && row.expiresAt > now;
    if (live && now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
    }
    return live;
  }

  return {
    /** A new session row and its token (with the row's id as `jti`), inside the caller's transaction. */
    async open(
      ex: Executor,
      user: { id: number; role: typeof users.$inferSelect.role; communityId: number },
      meta: { method: SessionMethod; userAgent?: string | undefined },
    ) {
      const id = randomBytes(16).toString('base64url');
      const { token, expiresAt } = deps.tokens.signSession({
        userId: user.id,
        role: user.role,
        communityId: user.communityId,
        sessionId: id,
      });
      const now = clock.now();
      await ex.insert(sessions).values({
        id,
        userId: user.id,
        method: meta.method,
        userAgent: meta.userAgent ? meta.userAgent.slice(0, 200) : null,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      });
      return { token, expiresAt, sessionId: id };
    },

    /** Whether the session's row is live and the user's (cached up to SESSION_CACHE_TTL_MS). */
    async isLive(sessionId: string, userId: number): Promise<boolean> {
      const cached = byId.get(sessionId);
      if (cached && cached.userId === userId) {
        const all = revokedAllAt.get(userId);
        if (all === undefined || cached.checkedAt > all) return cached.live;
      }
      const checkedAt = clock.now().getTime();
      const live = await readLive(sessionId, userId);
      const jitter = SESSION_CACHE_TTL_MS * 0.2 * Math.random();
      byId.set(sessionId, { userId, live, checkedAt }, checkedAt + SESSION_CACHE_TTL_MS - jitter);
      return live;
    },

    /** Revokes one live session of the user; false when there is none with that id. */
    async revoke(ex: Executor, userId: number, sessionId: string, reason: RevokeReason): Promise<boolean> {
      const rows = await ex
        .update(sessions)
        .set({ revokedAt: clock.now(), revokedReason: reason })
        .where(
          and(
            eq(sessions.id, sessionId),
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, clock.now()),
          ),
        )
        .returning({ id: sessions.id });
      byId.delete(sessionId);
      deps.bus?.publish({ t: 'session', id: sessionId });
      return rows.length > 0;
    },

    /**
     * Revokes every live session of the user (but `except`), and every token without a row issued up
     * to now. Returns how many rows it revoked.
     */
    async revokeAll(ex: Executor, userId: number, reason: RevokeReason, except?: string): Promise<number> {
      const now = clock.now();
      const rows = await ex
        .update(sessions)
        .set({ revokedAt: now, revokedReason: reason })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            except ? ne(sessions.id, except) : undefined,
          ),
        )
        .returning({ id: sessions.id });
      await setSessionsValidAfter(ex, userId, now);
      // A cached answer from before this instant is not used again here.
      revokedAllAt.set(userId, now.getTime());
      for (const r of rows) byId.delete(r.id);
      deps.bus?.publish({ t: 'user', id: userId });
      return rows.length;
    },

    /** Ends the user's tokens without a session row issued up to now (rows are left as they are). */
    async revokeTokensWithoutRow(ex: Executor, userId: number) {
      await setSessionsValidAfter(ex, userId, clock.now());
      deps.bus?.publish({ t: 'user', id: userId });
    },

    /** The user's live sessions, newest first. */
    async list(userId: number, currentId: string | undefined) {
      const rows = await db
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())),
        )
        .orderBy(desc(sessions.createdAt), desc(sessions.id))
        .limit(LISTED_SESSIONS);
      return rows.map((r) => ({
        id: r.id,
        current: r.id === currentId,
        method: r.method as SessionMethod,
        userAgent: r.userAgent,
        createdAt: r.createdAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
      }));
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
