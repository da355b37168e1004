import { certificateLevel, localDate } from '@timebank/shared';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { takeCertificateSeq } from '../communities/communities.repository';
import { communities } from '../communities/communities.table';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import { certificateEvents, certificates } from './certificates.table';

export type CertificateRow = typeof certificates.$inferSelect;

export async function findCertificateByUser(
  db: Executor,
  userId: number,
): Promise<CertificateRow | undefined> {
  const rows = await db.select().from(certificates).where(eq(certificates.userId, userId)).limit(1);
  return rows[0];
}

/**
 * Issues the certificate when lifetime earned points reach the community's threshold, and raises its
 * level as they grow. Runs inside the crediting transaction, with the account row locked; the unique
 * holder column makes a second certificate impossible anyway.
 */
export async function issueCertificateIfEligible(
  tx: Executor,
  account: { userId: number; communityId: number; lifetimeEarned: number },
  now: Date,
  /** The community's threshold (read with the account); the community itself is read only to issue. */
  threshold: number,
): Promise<CertificateRow | undefined> {
  const level = certificateLevel(account.lifetimeEarned, threshold);
  if (level === 0) return undefined;
  const existing = await findCertificateByUser(tx, account.userId);
  if (existing) {
    if (existing.status !== 'revoked' && level > existing.level) {
      const [raised] = await tx
        .update(certificates)
        .set({ level })
        .where(eq(certificates.id, existing.id))
        .returning();
      return raised;
    }
    return existing;
  }
  const community = await takeCertificateSeq(tx, account.communityId);
  if (!community) return undefined;
  const serial = `${community.code}-${localDate(now).slice(0, 4)}-${String(community.seq).padStart(6, '0')}`;
  const [created] = await tx
    .insert(certificates)
    .values({ serial, userId: account.userId, communityId: community.id, level, issuedAt: now })
    .onConflictDoNothing({ target: certificates.userId })
    .returning();
  if (!created) return findCertificateByUser(tx, account.userId);
  await tx.insert(certificateEvents).values({
    certificateId: created.id,
    action: 'issue',
    fromStatus: null,
    toStatus: 'active',
    reason: `终身积分达到 ${community.certificateThreshold / 100} 分`,
    actorId: null,
    createdAt: now,
  });
  await notify(
    tx,
    account.userId,
    {
      kind: 'certificate.issued',
      title: '恭喜获得志愿者证书',
      body: `证书编号 ${serial}。在联盟商家出示证书即可享受优惠。`,
      data: { certificateId: created.id },
    },
    now,
  );
  return created;
}

export function presentCertificate(
  c: CertificateRow,
  holder: { displayName: string; realName: string | null; photoRef: string | null },
  communityName: string,
) {
  return {
    serial: c.serial,
    holder: { displayName: holder.displayName, realName: holder.realName, photoRef: holder.photoRef },
    community: { id: c.communityId, name: communityName },
    level: c.level,
    issuedAt: c.issuedAt.toISOString(),
    issuedOn: localDate(c.issuedAt),
    status: c.status,
    statusReason: c.statusReason,
  };
}

export function createCertificatesService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;
  return {
    async getMyCertificate(user: AuthUser) {
      const c = await findCertificateByUser(db, user.id);
      if (!c) fail('certificates.not_issued');
      const [holder] = await db.select().from(users).where(eq(users.id, user.id));
      const [community] = await db.select().from(communities).where(eq(communities.id, c.communityId));
      return presentCertificate(c, holder!, community?.name ?? '');
    },
  };
}

export type CertificatesService = ReturnType<typeof createCertificatesService>;
