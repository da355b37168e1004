/**
 * A valid check, for what staff do after it inside their own transaction (a redemption): the check
 * row locked (two confirmations of one check queue), its holder, and what each side's community (or
 * district) decided about honouring the other's certificates (通存通兑), read again at this moment.
 */
import type { AcceptanceSide } from '@timebank/shared';
import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fail } from '../../http/errors';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';
import { verifications } from './till.table';

const areaOf = (communityId: SQLWrapper) => sql<AcceptanceSide | null>`(
  SELECT json_build_object('communityId', ac.id, 'districtId', ac.district_id,
    'communityScope', ac.acceptance_scope, 'districtScope', ad.acceptance_scope)
  FROM communities ac JOIN districts ad ON ad.id = ac.district_id WHERE ac.id = ${communityId})`;

/** The shop's valid check `id`, locked; another shop's or a missing one is `verify.not_found`. */
export async function lockValidCheck(tx: Executor, merchantId: number, id: number) {
  const [v] = await tx.select().from(verifications).where(eq(verifications.id, id)).for('update');
  if (!v || v.merchantId !== merchantId) fail('verify.not_found');
  if (v.result !== 'valid' || v.holderId === null || v.kind === null) fail('verify.not_valid');
  const [h] = await tx
    .select({
      id: users.id,
      communityId: users.communityId,
      role: users.role,
      name: sql<string>`coalesce(${users.realName}, ${users.displayName})`,
      holderArea: areaOf(users.communityId),
      shopArea: sql<AcceptanceSide | null>`(SELECT ${areaOf(merchants.communityId)} FROM ${merchants} WHERE ${merchants.id} = ${merchantId})`,
    })
    .from(users)
    .where(eq(users.id, v.holderId));
  return { check: { ...v, holderId: v.holderId, kind: v.kind }, holder: h! };
}
