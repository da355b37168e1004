import { inZone } from '@timebank/shared';
import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { users } from '../users/users.table';
import { notifications, wechatOutbox, wechatSubscriptions } from './notifications.table';

/** Where a tapped message opens in the mini-program. */
export const MESSAGES_PAGE = 'packages/volunteer/pages/messages/index';

type NotificationRow = typeof notifications.$inferSelect;
type TemplateData = Record<string, { value: string }>;

/** WeChat's `thing` fields take at most 20 characters. */
function thing(s: unknown): string {
  const chars = [...String(s ?? '').trim()];
  return chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : chars.join('') || '—';
}
const time = (t: unknown) => inZone(new Date(String(t))).format('YYYY年MM月DD日 HH:mm');

/**
 * The fields of each template, as chosen in the WeChat console (README, "WeChat messages"):
 * - activity.reminder (活动开始提醒): thing1 activity, time2 start, thing3 place, thing4 note
 * - ledger.credited (积分变动提醒): thing1 what, thing2 details, time3 when
 */
export function templateData(n: NotificationRow): TemplateData | undefined {
  const d = (n.data ?? {}) as Record<string, unknown>;
  const v = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).map(([k, value]) => [k, { value }])) as TemplateData;
  switch (n.kind) {
    case 'activity.reminder':
      return v({
        thing1: thing(d.title),
        time2: time(d.startsAt),
        thing3: thing(d.place),
        thing4: thing('明天的活动，请提前到场签到'),
      });
    case 'ledger.credited':
      return v({ thing1: thing(n.title), thing2: thing(n.body), time3: time(n.createdAt.toISOString()) });
    default:
      return undefined;
  }
}

export type SendResult = { ok: true } | { ok: false; retry: boolean; error: string; errcode?: number };

/** WeChat errcodes a retry cannot fix. */
const PERMANENT = new Set([40003, 40037, 41028, 41029, 41030, 43101, 47003]);
/** The access token was refused: fetch a new one and retry. */
const TOKEN_REFUSED = new Set([40001, 40014, 42001]);

/**
 * The server-side WeChat client for subscribe messages: a stable access token (cached until shortly
 * before it expires) and `message/subscribe/send`, over real HTTP at the configured base URL.
 */
export function createWechatMessenger(cfg: {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
  clock: Clock;
}) {
  let cached: { token: string; expiresAt: number } | undefined;
  const url = (path: string) => {
    const u = new URL(cfg.baseUrl);
    u.pathname = `${u.pathname.replace(/\/$/, '')}${path}`;
    return u;
  };

  async function post(u: URL, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(u, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }

  async function accessToken(): Promise<string> {
    const now = cfg.clock.now().getTime();
    if (cached && cached.expiresAt > now) return cached.token;
    // The stable token does not invalidate the token other API processes hold.
    const body = await post(url('/cgi-bin/stable_token'), {
      grant_type: 'client_credential',
      appid: cfg.appId,
      secret: cfg.appSecret,
    });
    if (typeof body.access_token !== 'string') throw new Error(`token errcode ${String(body.errcode)}`);
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    cached = { token: body.access_token, expiresAt: now + Math.max(60, ttl - 300) * 1000 };
    return cached.token;
  }

  return {
    async send(message: {
      touser: string;
      templateId: string;
      page: string;
      data: TemplateData;
      miniprogramState: string;
    }): Promise<SendResult> {
      let body: Record<string, unknown>;
      try {
        const token = await accessToken();
        const u = url('/cgi-bin/message/subscribe/send');
        u.searchParams.set('access_token', token);
        body = await post(u, {
          touser: message.touser,
          template_id: message.templateId,
          page: message.page,
          data: message.data,
          miniprogram_state: message.miniprogramState,
          lang: 'zh_CN',
        });
      } catch (err) {
        return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
      }
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
      if (errcode === 0) return { ok: true };
      if (TOKEN_REFUSED.has(errcode)) cached = undefined;
      return { ok: false, retry: !PERMANENT.has(errcode), error: `errcode ${errcode}`, errcode };
    },
  };
}

export type WechatMessenger = ReturnType<typeof createWechatMessenger>;

/** 30 s, 1 min, 2 min, … at most an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

/**
 * Sends queued messages. Each row is claimed by one atomic UPDATE (FOR UPDATE SKIP LOCKED), so two
 * dispatchers never take the same row; a row left `sending` by a process that died mid-call is marked
 * failed rather than resent, because WeChat may already have delivered it: at most once.
 */
export function createWechatDispatcher(deps: {
  db: Db;
  messenger: WechatMessenger;
  miniprogramState: string;
  logger?: Logger;
  maxAttempts?: number;
  batchSize?: number;
  /** How long a claim lasts; longer than a token call plus a send call can take. */
  claimMs?: number;
}) {
  const { db, messenger } = deps;
  const maxAttempts = deps.maxAttempts ?? 5;
  const batchSize = deps.batchSize ?? 20;
  const claimMs = deps.claimMs ?? 120_000;

  async function finish(id: number, set: Partial<typeof wechatOutbox.$inferInsert>) {
    await db
      .update(wechatOutbox)
      .set({ lockedUntil: null, ...set })
      .where(and(eq(wechatOutbox.id, id), eq(wechatOutbox.status, 'sending')));
  }

  return {
    /** One pass: claims what is due, sends it, records the outcome. Returns what happened. */
    async runOnce(now: Date) {
      const abandoned = await db
        .update(wechatOutbox)
        .set({ status: 'failed', lockedUntil: null, lastError: 'interrupted; WeChat may have delivered it' })
        .where(and(eq(wechatOutbox.status, 'sending'), lt(wechatOutbox.lockedUntil, now)))
        .returning({ id: wechatOutbox.id });

      const due = db
        .select({ id: wechatOutbox.id })
        .from(wechatOutbox)
        .where(and(eq(wechatOutbox.status, 'pending'), lte(wechatOutbox.nextAttemptAt, now)))
        .orderBy(wechatOutbox.id)
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const claimed = await db
        .update(wechatOutbox)
        .set({
          status: 'sending',
          attempts: sql`${wechatOutbox.attempts} + 1`,
          lockedUntil: new Date(now.getTime() + claimMs),
        })
        .where(and(inArray(wechatOutbox.id, due), eq(wechatOutbox.status, 'pending')))
        .returning();

      const result = { sent: 0, retrying: 0, failed: abandoned.length };
      for (const row of claimed.sort((a, b) => a.id - b.id)) {
        const [target] = await db
          .select({ n: notifications, openid: users.wechatOpenid, disabled: users.disabled })
          .from(notifications)
          .innerJoin(users, eq(users.id, notifications.userId))
          .where(eq(notifications.id, row.notificationId))
          .limit(1);
        const data = target ? templateData(target.n) : undefined;
        if (!target?.openid || target.disabled || !data) {
          await finish(row.id, { status: 'failed', lastError: 'no openid or no template for this kind' });
          result.failed++;
          continue;
        }
        const r = await messenger.send({
          touser: target.openid,
          templateId: row.templateId,
          page: MESSAGES_PAGE,
          data,
          miniprogramState: deps.miniprogramState,
        });
        if (r.ok) {
          await finish(row.id, { status: 'sent', sentAt: now, lastError: null });
          result.sent++;
        } else if (r.retry && row.attempts < maxAttempts) {
          await finish(row.id, {
            status: 'pending',
            lastError: r.error,
            nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
          });
          result.retrying++;
        } else {
          await finish(row.id, { status: 'failed', lastError: r.error });
          if (r.ok === false && r.errcode === 43101) {
            // WeChat holds no acceptance for this template: our count is wrong, start again from zero.
            await db
              .update(wechatSubscriptions)
              .set({ credits: 0, updatedAt: now })
              .where(
                and(
                  eq(wechatSubscriptions.userId, row.userId),
                  eq(wechatSubscriptions.templateId, row.templateId),
                ),
              );
          }
          result.failed++;
        }
        if (!r.ok) deps.logger?.warn({ outboxId: row.id, error: r.error }, 'wechat message not sent');
      }
      return result;
    },

    /**
     * Deletes finished rows (sent or failed) whose last attempt is more than `keepDays` before `now`:
     * the outbox is delivery bookkeeping (the message itself stays in the notifications table), kept
     * a while for troubleshooting. Pending and sending rows are never touched. Returns how many went.
     */
    async purge(now: Date, keepDays = 30) {
      const before = new Date(now.getTime() - keepDays * 24 * 3600_000);
      const gone = await db
        .delete(wechatOutbox)
        .where(
          and(
            inArray(wechatOutbox.status, ['sent', 'failed']),
            sql`coalesce(${wechatOutbox.sentAt}, ${wechatOutbox.nextAttemptAt}) < ${before}`,
          ),
        )
        .returning({ id: wechatOutbox.id });
      return gone.length;
    },
  };
}

export type WechatDispatcher = ReturnType<typeof createWechatDispatcher>;
