import { and, desc, eq, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { tillDevices } from './till.table';

/** Devices listed for their holder: the latest openings. */
const LISTED_DEVICES = 20;

/** A holder's till devices: where the credential was opened, and closing one (a lost phone). */
export function createTillDevicesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async list(user: AuthUser) {
      const rows = await db
        .select({
          d: tillDevices,
          lastUsedAt: sql<
            string | null
          >`(SELECT max(u.used_at) FROM till_code_uses u WHERE u.device_id = ${tillDevices.id})`,
        })
        .from(tillDevices)
        .where(eq(tillDevices.holderId, user.id))
        .orderBy(desc(tillDevices.createdAt), desc(tillDevices.id))
        .limit(LISTED_DEVICES);
      return {
        devices: rows.map(({ d, lastUsedAt }) => ({
          id: d.id,
          kind: d.kind,
          label: d.label,
          active: d.active,
          createdAt: d.createdAt.toISOString(),
          replacedAt: d.replacedAt ? d.replacedAt.toISOString() : null,
          closedAt: d.closedAt ? d.closedAt.toISOString() : null,
          lastUsedAt: lastUsedAt === null ? null : new Date(lastUsedAt).toISOString(),
        })),
      };
    },

    /**
     * Closes one of my devices: its codes are refused from the next check on (`verify.device_closed`),
     * at every API process — the till reads the device's row on each check. Closing an ended device
     * again changes nothing; another holder's device is not found.
     */
    async close(user: AuthUser, deviceId: string) {
      const [d] = await db
        .select({ id: tillDevices.id, active: tillDevices.active })
        .from(tillDevices)
        .where(and(eq(tillDevices.id, deviceId), eq(tillDevices.holderId, user.id)))
        .limit(1);
      if (!d) fail('till.device_not_found');
      if (!d.active) return;
      await db
        .update(tillDevices)
        .set({ active: false, closedAt: clock.now() })
        .where(and(eq(tillDevices.id, deviceId), eq(tillDevices.holderId, user.id)));
    },
  };
}

export type TillDevicesService = ReturnType<typeof createTillDevicesService>;
