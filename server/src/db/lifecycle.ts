import { type ErrorCode, type Lifecycle, moveTo } from '@timebank/shared';
import { and, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { fail } from '../http/errors';
import type { Executor } from './client';

/** A table with an `id` and a `status` column: any lifecycle's rows. */
type StatusTable = PgTable & { id: PgColumn; status: PgColumn };
/** A table that records every move: `<entity>_events` with action, from, to, reason, actor and time. */
type TrailTable = PgTable;

export interface Move<S extends string, A extends string, R> {
  lifecycle: Lifecycle<S, A>;
  /** The row as the caller read it (locked or not: the write is conditional on the status read). */
  row: R & { id: number; status: S };
  action: A;
  /** The code that refuses an action the row's status does not allow (409, with from and action). */
  refusal: ErrorCode;
  table: StatusTable;
  /** Other columns written with the status (its reason, who, when). */
  set?: Record<string, unknown>;
  /** The event row written beside the move, keyed by `key` (e.g. `merchantId`). */
  trail?: { table: TrailTable; key: string; reason: string; actorId: number; at: Date };
}

/**
 * Applies one move of a lifecycle: refuses an action the shared table does not allow from the row's
 * status, writes the new status (and `set`) only if the row still has the status read — a concurrent
 * move in between is refused with the same code — and records the move in its trail table when it
 * has one. The database refuses illegal moves again (the `lifecycle_guard` trigger).
 */
export async function applyMove<S extends string, A extends string, R>(
  tx: Executor,
  m: Move<S, A, R>,
): Promise<{ from: S; to: S; row: R }> {
  const from = m.row.status;
  const to = moveTo(m.lifecycle, from, m.action) ?? fail(m.refusal, { from, action: m.action });
  const [row] = await tx
    .update(m.table)
    .set({ ...m.set, status: to } as never)
    .where(and(eq(m.table.id, m.row.id), eq(m.table.status, from)))
    .returning();
  if (!row) fail(m.refusal, { from, action: m.action });
  if (m.trail) {
    await tx.insert(m.trail.table).values({
      [m.trail.key]: m.row.id,
      action: m.action,
      fromStatus: from,
      toStatus: to,
      reason: m.trail.reason,
      actorId: m.trail.actorId,
      createdAt: m.trail.at,
    } as never);
  }
  return { from, to, row: row as R };
}
