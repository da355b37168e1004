import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { photos } from './photos.table';

/** Whether `ref` is a profile photo this user uploaded (the only ones a profile may show). */
export async function isOwnProfilePhoto(tx: Executor, userId: number, ref: string): Promise<boolean> {
  const [p] = await tx
    .select({ ref: photos.ref })
    .from(photos)
    .where(and(eq(photos.ref, ref), eq(photos.ownerId, userId), eq(photos.purpose, 'profile')))
    .limit(1);
  return p !== undefined;
}

/** Deletes the bytes of every profile photo the user uploaded (consent withdrawn); answers how many. */
export async function deleteProfilePhotosOf(tx: Executor, userId: number): Promise<number> {
  const deleted = await tx
    .delete(photos)
    .where(and(eq(photos.ownerId, userId), eq(photos.purpose, 'profile')))
    .returning({ ref: photos.ref });
  return deleted.length;
}
