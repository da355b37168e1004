import { randomBytes } from 'node:crypto';
import { isMerchantInAlliance, TILL_STEP_SECONDS } from '@timebank/shared';
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { findCertificateByUser } from '../certificates/certificates.service';
import { membershipOf } from '../merchants/merchants.repository';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import { tillDevices } from './till.table';

type Credential =
  | { kind: 'certificate'; certificateId: number; merchantId: null; serial: string; level: number }
  | { kind: 'alliance_member'; certificateId: null; merchantId: number; serial: string; level: number };

/** Opening the credential on a phone (证书亮证): one active device per holder, the old one told. */
export function createCredentialOpening(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** What the holder can show: a volunteer's certificate, or an alliance owner's member credential. */
  async function credentialOf(tx: Executor, user: AuthUser): Promise<Credential> {
    if (user.role === 'volunteer') {
      const c = await findCertificateByUser(tx, user.id);
      if (!c) fail('till.no_credential');
      if (c.status !== 'active')
        fail('till.credential_inactive', { status: c.status, reason: c.statusReason });
      return { kind: 'certificate', certificateId: c.id, merchantId: null, serial: c.serial, level: c.level };
    }
    if (user.role === 'merchant_staff') {
      const { merchant, isOwner } = await membershipOf(tx, user);
      if (!isOwner || !merchant.credentialSerial) fail('till.no_credential');
      if (!isMerchantInAlliance(merchant.status))
        fail('till.credential_inactive', { status: merchant.status });
      return {
        kind: 'alliance_member',
        certificateId: null,
        merchantId: merchant.id,
        serial: merchant.credentialSerial,
        level: 1,
      };
    }
    fail('till.no_credential');
  }

  return {
    /**
     * Opens the credential on this device: a new secret, from which the app derives a code every 30 s.
     * The previous device's codes stop working, and the holder is told.
     */
    async openOnDevice(user: AuthUser, label: string | undefined) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        // One opening per holder at a time: two at once (a double tap) would both find the old device,
        // and the second insert would break the one-active-device index.
        await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
        const credential = await credentialOf(tx, user);
        const replaced = await tx
          .update(tillDevices)
          .set({ active: false, replacedAt: now })
          .where(
            and(
              eq(tillDevices.holderId, user.id),
              eq(tillDevices.kind, credential.kind),
              eq(tillDevices.active, true),
            ),
          )
          .returning({ id: tillDevices.id });
        if (replaced.length) {
          await notify(
            tx,
            user.id,
            {
              kind: 'till.device_replaced',
              title: '证书已在新设备上打开',
              body: '您的证书刚刚在另一台手机上打开，原手机上的二维码已失效。如非本人操作，请联系社区。',
              data: { label: label ?? null },
            },
            now,
          );
        }
        const id = randomBytes(12).toString('base64url');
        const secretHex = randomBytes(20).toString('hex');
        await tx.insert(tillDevices).values({
          id,
          holderId: user.id,
          kind: credential.kind,
          certificateId: credential.certificateId,
          merchantId: credential.merchantId,
          secretHex,
          label: label ?? null,
          createdAt: now,
        });
        return {
          deviceId: id,
          secretHex,
          stepSeconds: TILL_STEP_SECONDS,
          credential: { kind: credential.kind, serial: credential.serial, level: credential.level },
          replacedPreviousDevice: replaced.length > 0,
        };
      });
    },
  };
}
