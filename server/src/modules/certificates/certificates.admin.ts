import {
  appealLifecycle,
  type CertificateAction,
  type CertificateStatus,
  certificateLifecycle,
  fromHundredths,
  moveTo,
} from '@timebank/shared';
import { and, asc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity, authorizeResource } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import { accounts } from '../ledger/ledger.table';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import { findCertificateByUser } from './certificates.service';
import { certificateAppeals, certificateEvents, certificates } from './certificates.table';

type Status = CertificateStatus;
/** An appeal is worth making only where overturning it would restore the certificate. */
const appealable = (s: Status) => moveTo(certificateLifecycle, s, 'appeal_overturned') !== null;
const TITLES: Record<CertificateAction, string> = {
  suspend: '您的志愿者证书已被暂停使用',
  reinstate: '您的志愿者证书已恢复使用',
  revoke: '您的志愿者证书已被收回',
};

/** Officers suspend (reversible) or revoke (final) certificates; holders appeal once. */
export function createCertificateAdminService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  return {
    async list(user: AuthUser, status?: Status, communityId?: number) {
      const target = communityId ?? user.communityId;
      await authorizeCommunity(db, user, 'certificates.manage', target);
      const rows = await db
        .select({
          c: certificates,
          holder: users.displayName,
          realName: users.realName,
          lifetime: accounts.lifetimeEarned,
        })
        .from(certificates)
        .innerJoin(users, eq(users.id, certificates.userId))
        .leftJoin(accounts, eq(accounts.userId, certificates.userId))
        .where(
          and(eq(certificates.communityId, target), status ? eq(certificates.status, status) : undefined),
        )
        .orderBy(asc(certificates.id));
      return {
        certificates: rows.map((r) => ({
          id: r.c.id,
          serial: r.c.serial,
          holder: { id: r.c.userId, displayName: r.holder, realName: r.realName },
          level: r.c.level,
          status: r.c.status,
          statusReason: r.c.statusReason,
          issuedAt: r.c.issuedAt.toISOString(),
          lifetimeEarned: fromHundredths(r.lifetime ?? 0),
        })),
      };
    },

    async changeStatus(
      user: AuthUser,
      id: number,
      action: 'suspend' | 'reinstate' | 'revoke',
      reason: string,
    ) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const [c] = await tx.select().from(certificates).where(eq(certificates.id, id)).for('update');
        if (!c) fail('certificates.not_found');
        await authorizeResource(
          tx,
          user,
          'certificates.manage',
          { communityId: c.communityId },
          'certificates.not_found',
        );
        const { row: updated } = await applyMove(tx, {
          lifecycle: certificateLifecycle,
          row: c,
          action,
          refusal: 'certificates.invalid_transition',
          table: certificates,
          set: { statusReason: reason, statusChangedAt: now, statusChangedBy: user.id },
          trail: { table: certificateEvents, key: 'certificateId', reason, actorId: user.id, at: now },
        });
        await notify(
          tx,
          c.userId,
          { kind: `certificate.${action}`, title: TITLES[action], body: reason, data: { certificateId: id } },
          now,
        );
        noteAudit({
          entity: { type: 'certificates', id },
          communityId: c.communityId,
          before: { status: c.status, statusReason: c.statusReason },
          after: { status: updated.status, statusReason: updated.statusReason },
        });
        return {
          id: updated.id,
          serial: updated.serial,
          status: updated.status,
          statusReason: updated.statusReason,
        };
      });
    },

    async appeal(user: AuthUser, text: string) {
      const c = await findCertificateByUser(db, user.id);
      if (!c) fail('certificates.not_issued');
      if (!appealable(c.status)) fail('certificates.nothing_to_appeal');
      try {
        const [a] = await db
          .insert(certificateAppeals)
          .values({ certificateId: c.id, text, createdAt: clock.now() })
          .returning();
        return { id: a!.id, status: a!.status, text: a!.text, createdAt: a!.createdAt.toISOString() };
      } catch (err) {
        if (isUniqueViolation(err)) fail('certificates.appeal_exists');
        throw err;
      }
    },

    async myHistory(user: AuthUser) {
      const c = await findCertificateByUser(db, user.id);
      if (!c) fail('certificates.not_issued');
      const events = await db
        .select()
        .from(certificateEvents)
        .where(eq(certificateEvents.certificateId, c.id))
        .orderBy(asc(certificateEvents.id));
      const [appeal] = await db
        .select()
        .from(certificateAppeals)
        .where(eq(certificateAppeals.certificateId, c.id));
      return {
        events: events.map((e) => ({
          action: e.action,
          from: e.fromStatus,
          to: e.toStatus,
          reason: e.reason,
          at: e.createdAt.toISOString(),
        })),
        appeal: appeal
          ? {
              status: appeal.status,
              text: appeal.text,
              decisionNote: appeal.decisionNote,
              decidedAt: appeal.decidedAt?.toISOString() ?? null,
            }
          : null,
        canAppeal: !appeal && appealable(c.status),
      };
    },

    /** Upheld leaves the decision standing; overturned restores the certificate. */
    async decideAppeal(user: AuthUser, id: number, decision: 'upheld' | 'overturned', note: string) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const [c] = await tx.select().from(certificates).where(eq(certificates.id, id)).for('update');
        if (!c) fail('certificates.not_found');
        await authorizeResource(
          tx,
          user,
          'certificates.manage',
          { communityId: c.communityId },
          'certificates.not_found',
        );
        const [a] = await tx
          .select()
          .from(certificateAppeals)
          .where(eq(certificateAppeals.certificateId, id))
          .for('update');
        if (!a) fail('certificates.no_pending_appeal');
        await applyMove(tx, {
          lifecycle: appealLifecycle,
          row: a,
          action: decision,
          refusal: 'certificates.no_pending_appeal',
          table: certificateAppeals,
          set: { decidedBy: user.id, decisionNote: note, decidedAt: now },
        });
        // Overturning restores the certificate, unless an officer already reinstated it meanwhile.
        if (decision === 'overturned' && moveTo(certificateLifecycle, c.status, 'appeal_overturned')) {
          await applyMove(tx, {
            lifecycle: certificateLifecycle,
            row: c,
            action: 'appeal_overturned',
            refusal: 'certificates.invalid_transition',
            table: certificates,
            set: { statusReason: note, statusChangedAt: now, statusChangedBy: user.id },
            trail: {
              table: certificateEvents,
              key: 'certificateId',
              reason: note,
              actorId: user.id,
              at: now,
            },
          });
        }
        await notify(
          tx,
          c.userId,
          {
            kind: 'certificate.appeal',
            title: decision === 'overturned' ? '申诉成立，证书已恢复' : '申诉未获支持',
            body: note,
            data: { certificateId: id },
          },
          now,
        );
        const [fresh] = await tx.select().from(certificates).where(eq(certificates.id, id));
        return { id, status: fresh!.status, appeal: { status: decision, note } };
      });
    },
  };
}

export type CertificateAdminService = ReturnType<typeof createCertificateAdminService>;
