import { boardPostLifecycle, isMerchantInAlliance } from '@timebank/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { discounts } from '../till/till.table';
import { boardPosts } from './board.table';

const HONOURED_WINDOW_DAYS = 90;

/** `reads`: where the board's list is read from, a replica when there is one (db/reads.ts). */
export function createBoardService(deps: { db: Db; clock: Clock; reads?: Db | undefined }) {
  const { db, clock } = deps;
  return {
    async post(
      staff: AuthUser,
      input: { kind: 'recruitment' | 'activity_push'; title: string; body: string },
    ) {
      const { merchant } = await membershipOf(db, staff);
      if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
      const [p] = await db
        .insert(boardPosts)
        .values({
          communityId: merchant.communityId,
          merchantId: merchant.id,
          authorId: staff.id,
          ...input,
          createdAt: clock.now(),
        })
        .returning();
      return {
        id: p!.id,
        kind: p!.kind,
        title: p!.title,
        body: p!.body,
        status: p!.status,
        createdAt: p!.createdAt.toISOString(),
      };
    },

    /**
     * The community board: merchants in good standing, ordered by how many certificate discounts each
     * actually honoured in the last 90 days, then newest first.
     */
    async list(user: AuthUser) {
      const since = new Date(clock.now().getTime() - HONOURED_WINDOW_DAYS * 24 * 3600_000);
      const reads = deps.reads ?? db;
      const honoured = reads
        .select({ merchantId: discounts.merchantId, n: sql<number>`count(*)`.as('n') })
        .from(discounts)
        // A voided record was never honoured.
        .where(sql`${discounts.createdAt} >= ${since} AND ${discounts.voidedAt} IS NULL`)
        .groupBy(discounts.merchantId)
        .as('honoured');
      const rows = await reads
        .select({
          p: boardPosts,
          merchant: merchants,
          honoured: sql<number>`coalesce(${honoured.n}, 0)`.mapWith(Number),
        })
        .from(boardPosts)
        .innerJoin(merchants, eq(merchants.id, boardPosts.merchantId))
        .leftJoin(honoured, eq(honoured.merchantId, boardPosts.merchantId))
        .where(
          and(
            eq(boardPosts.communityId, user.communityId),
            eq(boardPosts.status, 'published'),
            inArray(merchants.status, ['active', 'warned']),
          ),
        )
        .orderBy(sql`coalesce(${honoured.n}, 0) DESC`, sql`${boardPosts.id} DESC`)
        .limit(100);
      return {
        posts: rows.map((r) => ({
          id: r.p.id,
          kind: r.p.kind,
          title: r.p.title,
          body: r.p.body,
          merchant: { id: r.merchant.id, name: r.merchant.name },
          honouredDiscounts90d: r.honoured,
          createdAt: r.p.createdAt.toISOString(),
        })),
      };
    },

    async takeDown(officer: AuthUser, id: number, reason: string) {
      const [p] = await db.select().from(boardPosts).where(eq(boardPosts.id, id));
      if (!p) fail('board.not_found');
      await authorizeResource(
        db,
        officer,
        'board.take_down',
        { communityId: p.communityId },
        'board.not_found',
      );
      const { row: u } = await applyMove(db, {
        lifecycle: boardPostLifecycle,
        row: p,
        action: 'take_down',
        refusal: 'board.already_taken_down',
        table: boardPosts,
        set: { takeDownReason: reason, takenDownBy: officer.id },
      });
      noteAudit({
        entity: { type: 'board', id },
        communityId: p.communityId,
        before: { status: p.status, takeDownReason: p.takeDownReason },
        after: { status: u.status, takeDownReason: u.takeDownReason },
      });
      return { id: u.id, status: u.status, takeDownReason: u.takeDownReason };
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;
