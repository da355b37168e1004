import { and, desc, eq, gte, ilike, inArray, lt } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { type AuthUser, auditedRoute, type RouteDone } from '../../http/route';
import { authorizeCommunity, isStaff } from '../../policy/policy';
import { communities } from '../communities/communities.table';
import { findCommunity } from '../users/users.repository';
import { users } from '../users/users.table';
import type { AuditNote } from './audit.note';
import { auditLog } from './audit.table';

/** Keys whose values never reach the log: passwords, tokens, secrets, one-time and verification codes. */
const SECRET_KEY = /pass|token|secret|otp|^code$|codes$|verificationcode|printpath|verifyurl|hash|session/i;
const MAX_JSON = 16_000;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    if (typeof (value as { pipe?: unknown }).pipe === 'function') return '[stream]';
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]),
    );
  }
  if (typeof value === 'string' && value.length > 2000) return `${value.slice(0, 2000)}…`;
  return value;
}

/**
 * Residents in need: what identifies a household (its label, address, phone, notes, who consented,
 * what help it asked for) is left out of the log, so that withdrawing consent really removes it. The
 * household's own action log records who did what without these details.
 */
const PERSONAL_ROUTE = /^\/(me\/)?(households|help-requests|profile-changes)\b/;
const PERSONAL_KEY =
  /^(label|address|phone|notes|details|givenBy|placeName|name|description|realName|currentRealName|photoUrl|currentPhotoUrl|photoRef)$/i;

export function withoutPersonal(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (Array.isArray(value)) return value.map((v) => withoutPersonal(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        PERSONAL_KEY.test(k) && v !== null ? '[personal]' : withoutPersonal(v, depth + 1),
      ]),
    );
  }
  return value;
}

/** A large answer is summarised rather than stored whole. */
function capped(value: unknown): unknown {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  return json === undefined || json.length <= MAX_JSON
    ? (value ?? null)
    : { truncated: true, bytes: json.length };
}

function targetOf(done: Pick<RouteDone, 'spec' | 'params' | 'result'>): { type: string; id: string | null } {
  const type = done.spec.path.split('/').filter(Boolean)[0] ?? 'unknown';
  const params = (done.params ?? {}) as Record<string, unknown>;
  const first = Object.values(params)[0];
  if (first !== undefined) return { type, id: String(first) };
  const result = done.result as Record<string, unknown> | undefined;
  if (result && typeof result === 'object') {
    if (typeof result.id === 'number' || typeof result.id === 'string')
      return { type, id: String(result.id) };
    for (const v of Object.values(result)) {
      const o = v as Record<string, unknown> | null;
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        const id = o.id ?? o.serial;
        if (typeof id === 'number' || typeof id === 'string') return { type, id: String(id) };
      }
    }
  }
  return { type, id: null };
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Before and after of one entity, with the fields that did not change left out (an edit of an
 * activity's title stores the title, not the whole description twice).
 */
export function changedOnly(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (!isPlain(before) || !isPlain(after)) return { before, after };
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    if (k in before) b[k] = before[k];
    if (k in after) a[k] = after[k];
  }
  // Nothing changed (a repeated confirmation): keep both whole, so the entry still says what it was.
  return Object.keys(a).length || Object.keys(b).length ? { before: b, after: a } : { before, after };
}

/** The community an answer names (`communityId` at the top or one level down), if any. */
function communityOf(result: unknown): number | undefined {
  if (!isPlain(result)) return undefined;
  if (typeof result.communityId === 'number') return result.communityId;
  for (const v of Object.values(result)) {
    if (isPlain(v) && typeof v.communityId === 'number') return v.communityId;
  }
  return undefined;
}

/**
 * The audit log: every change an officer or district administrator makes through the API (and every
 * export they download), written after the route succeeds, with secrets removed.
 */
/**
 * An audit row a service writes itself, inside its own transaction, for a change made by someone the
 * route hook does not record (a volunteer withdrawing their consent). No personal data in it.
 */
export async function recordAuditEntry(tx: Executor, row: typeof auditLog.$inferInsert): Promise<void> {
  await tx.insert(auditLog).values(row);
}

export function createAuditService(deps: { db: Db; clock: Clock; logger: Logger }) {
  const { db, clock, logger } = deps;

  function audited<D extends Pick<RouteDone, 'user' | 'spec'>>(done: D): done is D & { user: AuthUser } {
    const u = done.user;
    if (!u || !isStaff(u)) return false;
    return auditedRoute(done.spec);
  }

  /** The audit row of a request: what the services noted, or else its answer. */
  function rowOf(done: Omit<RouteDone, 'recorded'> & { user: AuthUser }) {
    const { user, spec, ctx } = done;
    const note: AuditNote = done.note ?? (ctx.state as { audit?: AuditNote }).audit ?? {};
    const scrub = PERSONAL_ROUTE.test(spec.path) ? withoutPersonal : (v: unknown) => v;
    const target = note.entity ? { type: note.entity.type, id: String(note.entity.id) } : targetOf(done);
    const legacyBefore = (ctx.state as { auditBefore?: unknown }).auditBefore;
    const change =
      note.before !== undefined || note.after !== undefined
        ? changedOnly(scrub(redact(note.before ?? null)), scrub(redact(note.after ?? null)))
        : { before: scrub(redact(legacyBefore)) ?? null, after: capped(scrub(redact(done.result))) };
    return {
      actorId: user.id,
      role: user.role,
      // Filed under the community acted upon: a district administrator's change to a community of
      // their district is seen by that community's officers.
      communityId: note.communityId ?? communityOf(done.result) ?? user.communityId,
      action: `${spec.method.toUpperCase()} ${spec.path}`,
      targetType: target.type,
      targetId: target.id,
      params: scrub(
        redact({
          params: done.params ?? null,
          query: done.query ?? null,
          body: done.body ?? null,
        }),
      ) as object,
      before: (capped(change.before) ?? null) as object | null,
      after: (capped(change.after) ?? null) as object | null,
      requestId: (ctx.state as { requestId?: string }).requestId ?? null,
      at: clock.now(),
    };
  }

  return {
    /**
     * The route builder's before-commit hook: when the service has noted the entity, its community and
     * its before/after, the row is written in the service's own transaction — the change and its record
     * commit together. Otherwise (the answer is needed) `record` writes it after the route.
     */
    async recordInTransaction(done: Omit<RouteDone, 'result' | 'recorded'>, tx: Executor): Promise<boolean> {
      const withResult = { ...done, result: undefined };
      if (!audited(withResult)) return false;
      const { note } = done;
      if (!note.entity || note.communityId === undefined) return false;
      if (note.before === undefined && note.after === undefined) return false;
      await tx.insert(auditLog).values(rowOf(withResult));
      return true;
    },

    /** The route builder's after-route hook. A failure to write is logged, never turned into an error. */
    async record(done: RouteDone): Promise<void> {
      if (done.recorded || !audited(done)) return;
      try {
        await db.insert(auditLog).values(rowOf(done));
      } catch (err) {
        logger.error({ err, action: done.spec.path, userId: done.user.id }, 'audit write failed');
      }
    },

    /** Newest first; officers see their community, district administrators their district. */
    async list(
      user: AuthUser,
      q: {
        actorId?: number | undefined;
        action?: string | undefined;
        from?: string | undefined;
        to?: string | undefined;
        communityId?: number | undefined;
        limit: number;
        before?: number | undefined;
      },
    ) {
      let scope: number[];
      if (q.communityId !== undefined) {
        await authorizeCommunity(db, user, 'audit.read', q.communityId);
        scope = [q.communityId];
      } else if (user.role === 'district_admin') {
        const mine = await findCommunity(db, user.communityId);
        const list = await db
          .select({ id: communities.id })
          .from(communities)
          .where(eq(communities.districtId, mine!.districtId));
        scope = list.map((c) => c.id);
      } else {
        scope = [user.communityId];
      }
      const rows = await db
        .select({ entry: auditLog, actorName: users.displayName })
        .from(auditLog)
        .innerJoin(users, eq(users.id, auditLog.actorId))
        .where(
          and(
            inArray(auditLog.communityId, scope),
            q.actorId !== undefined ? eq(auditLog.actorId, q.actorId) : undefined,
            q.action
              ? ilike(auditLog.action, `%${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
              : undefined,
            q.from ? gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)) : undefined,
            q.to
              ? lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 24 * 3600_000))
              : undefined,
            q.before !== undefined ? lt(auditLog.id, q.before) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(q.limit);
      return {
        entries: rows.map(({ entry: e, actorName }) => ({
          id: e.id,
          at: e.at.toISOString(),
          actor: { id: e.actorId, name: actorName, role: e.role },
          communityId: e.communityId,
          action: e.action,
          target: { type: e.targetType, id: e.targetId },
          params: e.params,
          before: e.before,
          after: e.after,
          requestId: e.requestId,
        })),
        nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.entry.id : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
