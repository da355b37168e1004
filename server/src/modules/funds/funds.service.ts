/**
 * Funds and settlement: a fund with a budget (a community's, or a district's), the shops' claims built
 * from their redemptions, officers' decisions on each line and on the claim (committing its approved
 * total against the budget — the database refuses a commitment past it), payment with a reference, and
 * where the support went (by shop category and owner tag).
 *
 * Locks: the claim row, then the fund row (deciding a claim); two decisions of one claim queue on the
 * claim and the second finds it decided.
 */
import {
  type ClaimCreateInput,
  claimLifecycle,
  claimPeriodOk,
  commitProblem,
  type FundCreateInput,
  merchantCategories,
  merchantTags,
} from '@timebank/shared';
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource, manages } from '../../policy/policy';
import { communities } from '../communities/communities.table';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { redemptionItems, redemptions } from '../redemptions/redemptions.table';
import { findCommunity } from '../users/users.repository';
import { claimLines, claims, funds } from './funds.table';

type FundRow = typeof funds.$inferSelect;
type ClaimRow = typeof claims.$inferSelect;

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
/** The instant a local date (Asia/Shanghai) starts. */
const startOf = (d: string) => new Date(`${d}T00:00:00+08:00`);
const nextDay = (d: string) => new Date(startOf(d).getTime() + 86_400_000);

function presentFund(f: FundRow) {
  return {
    id: f.id,
    name: f.name,
    districtId: f.districtId,
    communityId: f.communityId,
    periodFrom: f.periodFrom,
    periodTo: f.periodTo,
    budgetFen: f.budgetFen,
    perShopCapFen: f.perShopCapFen,
    committedFen: f.committedFen,
    remainingFen: f.budgetFen - f.committedFen,
    createdAt: f.createdAt.toISOString(),
  };
}

export function createFundsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** The fund, if the caller manages its community (a district fund: its district's administrators and officers). */
  async function fundFor(tx: Executor, user: AuthUser, id: number, forUpdate = false) {
    const q = tx.select().from(funds).where(eq(funds.id, id));
    const [f] = forUpdate ? await q.for('update') : await q;
    if (!f) fail('funds.not_found');
    const mine = await findCommunity(tx, user.communityId);
    const reach =
      f.communityId !== null ? await manages(tx, user, f.communityId) : mine?.districtId === f.districtId;
    if (!reach) fail('funds.not_found');
    return f;
  }

  async function presentClaims(tx: Executor, list: ClaimRow[]) {
    if (list.length === 0) return [];
    const shopNames = new Map(
      (
        await tx
          .select({ id: merchants.id, name: merchants.name })
          .from(merchants)
          .where(inArray(merchants.id, [...new Set(list.map((c) => c.merchantId))]))
      ).map((m) => [m.id, m.name]),
    );
    const lines = await tx
      .select({ l: claimLines, item: redemptionItems.title, at: redemptions.createdAt })
      .from(claimLines)
      .innerJoin(redemptions, eq(redemptions.id, claimLines.redemptionId))
      .innerJoin(redemptionItems, eq(redemptionItems.id, redemptions.itemId))
      .where(
        inArray(
          claimLines.claimId,
          list.map((c) => c.id),
        ),
      )
      .orderBy(asc(claimLines.id));
    return list.map((c) => ({
      id: c.id,
      fundId: c.fundId,
      merchant: { id: c.merchantId, name: shopNames.get(c.merchantId) ?? '' },
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      status: c.status,
      totalFen: c.totalFen,
      approvedFen: c.approvedFen,
      paymentRef: c.paymentRef,
      createdAt: c.createdAt.toISOString(),
      decidedAt: c.decidedAt?.toISOString() ?? null,
      paidAt: c.paidAt?.toISOString() ?? null,
      lines: lines
        .filter((x) => x.l.claimId === c.id)
        .map((x) => ({
          id: x.l.id,
          redemptionId: x.l.redemptionId,
          item: x.item,
          redeemedAt: x.at.toISOString(),
          amountFen: x.l.amountFen,
          decision: x.l.decision,
          reason: x.l.reason,
        })),
    }));
  }

  /** The claim, locked, for an officer who manages its fund; others' are not found. */
  async function officerClaim(tx: Executor, user: AuthUser, id: number) {
    const [c] = await tx.select().from(claims).where(eq(claims.id, id)).for('update');
    if (!c) fail('funds.claim_not_found');
    await fundFor(tx, user, c.fundId).catch(() => fail('funds.claim_not_found'));
    return c;
  }

  return {
    async create(user: AuthUser, input: FundCreateInput) {
      const communityId = input.communityId ?? (user.role === 'officer' ? user.communityId : null);
      if (communityId !== null)
        await authorizeResource(db, user, 'funds.manage', { communityId }, 'funds.not_found');
      const c = await findCommunity(db, communityId ?? user.communityId);
      if (!c) fail('funds.not_found');
      if (input.periodTo < input.periodFrom || dayNumber(input.periodTo) - dayNumber(input.periodFrom) >= 366)
        fail('funds.invalid_period');
      const [f] = await db
        .insert(funds)
        .values({
          name: input.name,
          districtId: c.districtId,
          communityId,
          periodFrom: input.periodFrom,
          periodTo: input.periodTo,
          budgetFen: input.budgetFen,
          perShopCapFen: input.perShopCapFen,
          createdBy: user.id,
          createdAt: clock.now(),
        })
        .returning();
      return presentFund(f!);
    },

    /** The funds the caller reaches: their community's, and their district's. */
    async list(user: AuthUser) {
      const mine = await findCommunity(db, user.communityId);
      const rows = await db
        .select()
        .from(funds)
        .where(eq(funds.districtId, mine!.districtId))
        .orderBy(desc(funds.id))
        .limit(500);
      const out = [];
      for (const f of rows)
        if (f.communityId === null || (await manages(db, user, f.communityId))) out.push(presentFund(f));
      return { funds: out };
    },

    /** The owner files a claim for a period: every redemption of the shop in it not claimed before. */
    async fileClaim(user: AuthUser, input: ClaimCreateInput) {
      const { merchant, isOwner } = await membershipOf(db, user);
      if (!isOwner) fail('merchants.owner_only');
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const [f] = await tx.select().from(funds).where(eq(funds.id, input.fundId));
        if (!f) fail('funds.not_found');
        const [shopCommunity] = await tx
          .select({ districtId: communities.districtId })
          .from(communities)
          .where(eq(communities.id, merchant.communityId));
        const covered =
          f.communityId !== null
            ? f.communityId === merchant.communityId
            : f.districtId === shopCommunity?.districtId;
        if (!covered) fail('funds.not_covered');
        if (!claimPeriodOk(f, input.from, input.to)) fail('funds.claim_outside_period');
        // The shop's claims queue here: two filed at once cannot take one redemption twice.
        await tx
          .select({ id: merchants.id })
          .from(merchants)
          .where(eq(merchants.id, merchant.id))
          .for('update');
        const open = await tx
          .select({ id: redemptions.id, valueFen: redemptions.valueFen })
          .from(redemptions)
          .leftJoin(claimLines, eq(claimLines.redemptionId, redemptions.id))
          .where(
            and(
              eq(redemptions.merchantId, merchant.id),
              gte(redemptions.createdAt, startOf(input.from)),
              lt(redemptions.createdAt, nextDay(input.to)),
              isNull(claimLines.id),
              sql`${redemptions.valueFen} > 0`,
            ),
          )
          .orderBy(asc(redemptions.id));
        if (open.length === 0) fail('funds.claim_empty');
        const [c] = await tx
          .insert(claims)
          .values({
            fundId: f.id,
            merchantId: merchant.id,
            periodFrom: input.from,
            periodTo: input.to,
            totalFen: open.reduce((s, r) => s + (r.valueFen ?? 0), 0),
            createdBy: user.id,
            createdAt: now,
          })
          .returning();
        await tx
          .insert(claimLines)
          .values(open.map((r) => ({ claimId: c!.id, redemptionId: r.id, amountFen: r.valueFen! })));
        return (await presentClaims(tx, [c!]))[0]!;
      });
    },

    async shopClaims(user: AuthUser) {
      const { merchant } = await membershipOf(db, user);
      const rows = await db
        .select()
        .from(claims)
        .where(eq(claims.merchantId, merchant.id))
        .orderBy(desc(claims.id))
        .limit(200);
      return { claims: await presentClaims(db, rows) };
    },

    async fundClaims(user: AuthUser, fundId: number) {
      const f = await fundFor(db, user, fundId);
      const rows = await db
        .select()
        .from(claims)
        .where(eq(claims.fundId, f.id))
        .orderBy(desc(claims.id))
        .limit(500);
      return { claims: await presentClaims(db, rows) };
    },

    /** An officer approves or rejects one line of a submitted claim (a rejection with a reason). */
    async decideLine(user: AuthUser, claimId: number, lineId: number, approve: boolean, reason?: string) {
      if (!approve && !reason) fail('funds.reason_required');
      return inTransaction(db, async (tx) => {
        const c = await officerClaim(tx, user, claimId);
        if (c.status !== 'submitted') fail('funds.invalid_transition');
        const [l] = await tx
          .update(claimLines)
          .set({
            decision: approve ? 'approved' : 'rejected',
            reason: reason ?? null,
            decidedBy: user.id,
            decidedAt: clock.now(),
          })
          .where(and(eq(claimLines.id, lineId), eq(claimLines.claimId, c.id)))
          .returning();
        if (!l) fail('funds.line_not_found');
        return (await presentClaims(tx, [c]))[0]!;
      });
    },

    /**
     * An officer decides the claim once every line is decided: its approved total is committed against
     * the fund (the budget and the cap per shop must cover it; the database refuses a budget overrun).
     */
    async decide(user: AuthUser, claimId: number) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const c = await officerClaim(tx, user, claimId);
        if (c.status !== 'submitted') fail('funds.invalid_transition');
        const lines = await tx.select().from(claimLines).where(eq(claimLines.claimId, c.id));
        if (lines.some((l) => l.decision === 'pending')) fail('funds.lines_undecided');
        const approved = lines.filter((l) => l.decision === 'approved').reduce((s, l) => s + l.amountFen, 0);
        const f = await fundFor(tx, user, c.fundId, true);
        const [shop] = await tx
          .select({ total: sql<number>`coalesce(sum(${claims.approvedFen}), 0)`.mapWith(Number) })
          .from(claims)
          .where(
            and(
              eq(claims.fundId, f.id),
              eq(claims.merchantId, c.merchantId),
              inArray(claims.status, ['decided', 'paid']),
            ),
          );
        const problem = commitProblem(approved, f, shop?.total ?? 0);
        if (problem) fail(problem, { remainingFen: f.budgetFen - f.committedFen });
        await tx
          .update(funds)
          .set({ committedFen: sql`${funds.committedFen} + ${approved}` })
          .where(eq(funds.id, f.id));
        const { row } = await applyMove(tx, {
          lifecycle: claimLifecycle,
          row: c,
          action: 'decide',
          refusal: 'funds.invalid_transition',
          table: claims,
          set: { approvedFen: approved, decidedBy: user.id, decidedAt: now },
        });
        return (await presentClaims(tx, [row as ClaimRow]))[0]!;
      });
    },

    async pay(user: AuthUser, claimId: number, paymentRef: string) {
      return inTransaction(db, async (tx) => {
        const c = await officerClaim(tx, user, claimId);
        const { row } = await applyMove(tx, {
          lifecycle: claimLifecycle,
          row: c,
          action: 'pay',
          refusal: 'funds.invalid_transition',
          table: claims,
          set: { paymentRef, paidBy: user.id, paidAt: clock.now() },
        });
        return (await presentClaims(tx, [row as ClaimRow]))[0]!;
      });
    },

    /** Where the fund's approved support went: by shop category and by owner tag (B-Local's equity goal). */
    async equity(user: AuthUser, fundId: number) {
      const f = await fundFor(db, user, fundId);
      const rows = await db
        .select({
          merchantId: claims.merchantId,
          category: merchants.category,
          tags: merchants.tags,
          approved: sql<number>`sum(${claims.approvedFen})`.mapWith(Number),
        })
        .from(claims)
        .innerJoin(merchants, eq(merchants.id, claims.merchantId))
        .where(and(eq(claims.fundId, f.id), inArray(claims.status, ['decided', 'paid'])))
        .groupBy(claims.merchantId, merchants.category, merchants.tags);
      const paid = rows.filter((r) => r.approved > 0);
      const sumOf = (list: typeof paid) => list.reduce((s, r) => s + r.approved, 0);
      return {
        fundId: f.id,
        approvedFen: sumOf(paid),
        shops: paid.length,
        byCategory: merchantCategories
          .map((category) => {
            const of = paid.filter((r) => r.category === category);
            return { category, approvedFen: sumOf(of), shops: of.length };
          })
          .filter((x) => x.shops > 0),
        byTag: merchantTags.map((tag) => {
          const of = paid.filter((r) => r.tags.includes(tag));
          return { tag, approvedFen: sumOf(of), shops: of.length };
        }),
      };
    },
  };
}

export type FundsService = ReturnType<typeof createFundsService>;
