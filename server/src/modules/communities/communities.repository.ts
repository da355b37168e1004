import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { communities } from './communities.table';

/**
 * Takes the community's next certificate serial number (a relative update: concurrent issues never
 * share one), with what a serial and its reason need; undefined for a community that does not exist.
 */
export async function takeCertificateSeq(ex: Executor, communityId: number) {
  const [row] = await ex
    .update(communities)
    .set({ certificateSeq: sql`${communities.certificateSeq} + 1` })
    .where(eq(communities.id, communityId))
    .returning({
      id: communities.id,
      seq: communities.certificateSeq,
      code: communities.code,
      certificateThreshold: communities.certificateThreshold,
    });
  return row;
}
