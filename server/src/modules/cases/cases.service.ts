import { caseLifecycle, isFinal } from '@timebank/shared';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorize, authorizeCommunity, authorizeResource } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import { getMerchant, membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { notify } from '../notifications/notifications.service';
import { verifications } from '../till/till.table';
import { users } from '../users/users.table';
import { caseNotes, cases } from './cases.table';

type CaseRow = typeof cases.$inferSelect;

function presentCase(c: CaseRow, merchantName: string | null) {
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    merchant: c.merchantId ? { id: c.merchantId, name: merchantName } : null,
    verificationId: c.verificationId,
    subjectUserId: c.subjectUserId,
    reporterId: c.reporterId,
    description: c.description,
    resolution: c.resolution,
    outcome: c.outcome,
    createdAt: c.createdAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

export function createCasesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** Officers see who reported and whom a case is about, by name. */
  async function names(ids: (number | null)[]) {
    const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
    if (!wanted.length)
      return new Map<number, { id: number; displayName: string; realName: string | null }>();
    const rows = await db
      .select({ id: users.id, displayName: users.displayName, realName: users.realName })
      .from(users)
      .where(inArray(users.id, wanted));
    return new Map(rows.map((r) => [r.id, r]));
  }

  async function managedCase(user: AuthUser, id: number) {
    const [c] = await db.select().from(cases).where(eq(cases.id, id));
    if (!c) fail('cases.not_found');
    await authorizeResource(db, user, 'cases.manage', { communityId: c.communityId }, 'cases.not_found');
    return c;
  }

  return {
    /**
     * Volunteers report a shop that refused the promised discount; staff report a suspected lent
     * certificate from a check. Either becomes a case for the community's officers.
     */
    async report(
      user: AuthUser,
      input: {
        kind: 'refused_discount' | 'lent_certificate';
        merchantId?: number | undefined;
        verificationId?: number | undefined;
        description: string;
      },
    ) {
      const now = clock.now();
      let merchantId: number;
      let verificationId: number | null = null;
      let subjectUserId: number | null = null;
      if (input.kind === 'refused_discount') {
        authorize(user, 'cases.report_refused_discount');
        if (input.verificationId) {
          const [v] = await db.select().from(verifications).where(eq(verifications.id, input.verificationId));
          if (!v || v.holderId !== user.id) fail('verify.not_found');
          merchantId = v.merchantId;
          verificationId = v.id;
        } else if (input.merchantId) {
          merchantId = input.merchantId;
        } else {
          fail('cases.invalid_target');
        }
      } else {
        authorize(user, 'cases.report_lent_certificate');
        const { merchant } = await membershipOf(db, user);
        if (!input.verificationId) fail('cases.invalid_target');
        const [v] = await db.select().from(verifications).where(eq(verifications.id, input.verificationId));
        if (!v || v.merchantId !== merchant.id) fail('verify.not_found');
        merchantId = merchant.id;
        verificationId = v.id;
        // A lent certificate is about a holder: a scan that identified nobody cannot support it.
        if (!v.holderId) fail('cases.invalid_target');
        subjectUserId = v.holderId;
      }
      const merchant = await getMerchant(db, merchantId);
      // Another community's shop is one this reporter cannot name: the same answer as a missing one.
      if (merchant.communityId !== user.communityId) fail('merchants.not_found');
      return inTransaction(db, async (tx) => {
        const [c] = await tx
          .insert(cases)
          .values({
            communityId: merchant.communityId,
            kind: input.kind,
            merchantId,
            verificationId,
            subjectUserId,
            reporterId: user.id,
            description: input.description,
            createdAt: now,
          })
          .returning();
        return presentCase(c!, merchant.name);
      });
    },

    async list(
      user: AuthUser,
      query: { status?: 'open' | 'closed' | undefined; communityId?: number | undefined },
    ) {
      const communityId = query.communityId ?? user.communityId;
      await authorizeCommunity(db, user, 'cases.manage', communityId);
      const rows = await db
        .select({ c: cases, merchant: merchants.name })
        .from(cases)
        .leftJoin(merchants, eq(merchants.id, cases.merchantId))
        .where(
          and(eq(cases.communityId, communityId), query.status ? eq(cases.status, query.status) : undefined),
        )
        .orderBy(desc(cases.id));
      const people = await names(rows.flatMap((r) => [r.c.reporterId, r.c.subjectUserId]));
      return {
        cases: rows.map((r) => ({
          ...presentCase(r.c, r.merchant),
          reporter: people.get(r.c.reporterId) ?? null,
          subject: r.c.subjectUserId ? (people.get(r.c.subjectUserId) ?? null) : null,
        })),
      };
    },

    /** My own reports and how they ended. */
    async mine(user: AuthUser) {
      const rows = await db
        .select({ c: cases, merchant: merchants.name })
        .from(cases)
        .leftJoin(merchants, eq(merchants.id, cases.merchantId))
        .where(eq(cases.reporterId, user.id))
        .orderBy(desc(cases.id));
      return { cases: rows.map((r) => ({ ...presentCase(r.c, r.merchant), subjectUserId: undefined })) };
    },

    async get(user: AuthUser, id: number) {
      const c = await managedCase(user, id);
      const merchant = c.merchantId ? await getMerchant(db, c.merchantId) : null;
      const people = await names([c.reporterId, c.subjectUserId]);
      const notes = await db
        .select({ n: caseNotes, author: users.displayName })
        .from(caseNotes)
        .innerJoin(users, eq(users.id, caseNotes.authorId))
        .where(eq(caseNotes.caseId, id))
        .orderBy(asc(caseNotes.id));
      return {
        ...presentCase(c, merchant?.name ?? null),
        reporter: people.get(c.reporterId) ?? null,
        subject: c.subjectUserId ? (people.get(c.subjectUserId) ?? null) : null,
        notes: notes.map((r) => ({
          id: r.n.id,
          note: r.n.note,
          author: r.author,
          at: r.n.createdAt.toISOString(),
        })),
      };
    },

    async addNote(user: AuthUser, id: number, note: string) {
      const c = await managedCase(user, id);
      if (isFinal(caseLifecycle, c.status)) fail('cases.closed');
      await db.insert(caseNotes).values({ caseId: id, authorId: user.id, note, createdAt: clock.now() });
      return this.get(user, id);
    },

    /** Closes with an outcome the reporter is told about. The officer acts on the merchant or certificate separately. */
    async close(user: AuthUser, id: number, input: { outcome: string; resolution: 'upheld' | 'dismissed' }) {
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const [c] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
        if (!c) fail('cases.not_found');
        await authorizeResource(tx, user, 'cases.manage', { communityId: c.communityId }, 'cases.not_found');
        const { to } = await applyMove(tx, {
          lifecycle: caseLifecycle,
          row: c,
          action: 'close',
          refusal: 'cases.closed',
          table: cases,
          set: { outcome: input.outcome, resolution: input.resolution, closedBy: user.id, closedAt: now },
        });
        noteAudit({
          entity: { type: 'cases', id },
          communityId: c.communityId,
          before: { status: c.status, outcome: c.outcome, resolution: c.resolution },
          after: { status: to, outcome: input.outcome, resolution: input.resolution },
        });
        await notify(
          tx,
          c.reporterId,
          { kind: 'case.closed', title: '您的反映已处理', body: input.outcome, data: { caseId: id } },
          now,
        );
      });
      return this.get(user, id);
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
