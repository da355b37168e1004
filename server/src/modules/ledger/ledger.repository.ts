import type { Executor } from '../../db/client';
import { accounts } from './ledger.table';

/** Opens a volunteer's time-bank account (at sign-up, beside the user's row); idempotent. */
export async function openAccount(ex: Executor, holder: { userId: number; communityId: number }) {
  await ex.insert(accounts).values(holder).onConflictDoNothing();
}
