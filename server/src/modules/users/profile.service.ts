import { profileChangeLifecycle } from '@timebank/shared';
import { and, desc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorize, authorizeCommunity, manages } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import { recordAuditEntry } from '../audit/audit.service';
import { certificates } from '../certificates/certificates.table';
import { deleteProfilePhotosOf, isOwnProfilePhoto } from '../photos/photos.repository';
import type { PhotosService } from '../photos/photos.service';
import { profileChanges } from './profile-changes.table';
import { presentMe } from './users.presenter';
import { findUserById, type UserRow } from './users.repository';
import type { ProfileUpdate } from './users.service';
import { users } from './users.table';

type ChangeRow = typeof profileChanges.$inferSelect;

const HISTORY = 20;

/**
 * The profile page: real name, phone, photo and consent. The photo and real name a shop sees at the
 * till are the anti-lending check: once a volunteer holds a certificate, a new photo or real name
 * waits for an officer of the community (the old one stays in force), and every change is kept.
 * Before a certificate exists, changes apply at once.
 */
export function createProfileService(deps: { db: Db; clock: Clock; photos: PhotosService }) {
  const { db, clock } = deps;
  const url = (ref: string | null) => deps.photos.urlFor(ref);

  const presentChange = (c: ChangeRow) => ({
    id: c.id,
    userId: c.userId,
    status: c.status,
    realName: c.realName,
    photoUrl: url(c.photoRef),
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
    decidedAt: c.decidedAt?.toISOString() ?? null,
  });

  async function hasCertificate(tx: Executor, userId: number) {
    const [c] = await tx
      .select({ id: certificates.id })
      .from(certificates)
      .where(eq(certificates.userId, userId))
      .limit(1);
    return c !== undefined;
  }

  async function present(tx: Executor, row: UserRow) {
    const changes = await tx
      .select()
      .from(profileChanges)
      .where(eq(profileChanges.userId, row.id))
      .orderBy(desc(profileChanges.id))
      .limit(HISTORY + 1);
    const pending = changes.find((c) => c.status === 'pending');
    return {
      ...presentMe(row),
      photoUrl: url(row.photoRef),
      photoApprovedAt: row.photoApprovedAt?.toISOString() ?? null,
      approvalRequired: await hasCertificate(tx, row.id),
      pendingChange: pending ? presentChange(pending) : null,
      history: changes
        .filter((c) => c.status !== 'pending')
        .slice(0, HISTORY)
        .map(presentChange),
    };
  }

  /** Our own profile photo of this user: uploaded by them for their profile (or any other ref: 404). */
  async function assertOwnPhoto(tx: Executor, userId: number, ref: string) {
    if (!(await isOwnProfilePhoto(tx, userId, ref))) fail('photos.not_found');
  }

  async function readChange(tx: Executor, officer: AuthUser, id: number) {
    const [c] = await tx.select().from(profileChanges).where(eq(profileChanges.id, id)).for('update');
    authorize(officer, 'profiles.review');
    // Another community's request looks missing.
    if (!c || !(await manages(tx, officer, c.communityId))) fail('profile_changes.not_found');
    return c;
  }

  return {
    async get(user: AuthUser) {
      const row = await findUserById(db, user.id);
      if (!row) fail('users.not_found');
      return present(db, row);
    },

    /** Personal data (real name, phone, photo) is stored only with consent on record (PIPL). */
    async update(user: AuthUser, input: ProfileUpdate) {
      return inTransaction(db, async (tx) => {
        const [row] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
        if (!row) fail('users.not_found');
        const personal =
          input.realName !== undefined || input.phone !== undefined || input.photoRef !== undefined;
        if (personal && !row.consentAt && !input.consentVersion) fail('profile.consent_required');
        const newPhoto =
          input.photoRef !== undefined && input.photoRef !== row.photoRef ? input.photoRef : null;
        const newName =
          input.realName !== undefined && input.realName !== row.realName ? input.realName : null;
        if (newPhoto) await assertOwnPhoto(tx, user.id, newPhoto);
        const now = clock.now();
        const review = (newPhoto !== null || newName !== null) && (await hasCertificate(tx, user.id));
        if (review) {
          // One request waits at a time: a newer one replaces it.
          const [waiting] = await tx
            .select()
            .from(profileChanges)
            .where(and(eq(profileChanges.userId, user.id), eq(profileChanges.status, 'pending')));
          if (waiting) {
            await applyMove(tx, {
              lifecycle: profileChangeLifecycle,
              row: waiting,
              action: 'withdraw',
              refusal: 'profile_changes.not_pending',
              table: profileChanges,
              set: { decidedAt: now, reason: 'superseded' },
            });
          }
          await tx.insert(profileChanges).values({
            userId: user.id,
            communityId: row.communityId,
            realName: newName,
            photoRef: newPhoto,
            createdAt: now,
          });
        }
        const [updated] = await tx
          .update(users)
          .set({
            ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
            ...(input.phone !== undefined ? { phone: input.phone } : {}),
            ...(!review && newName !== null ? { realName: newName } : {}),
            // Set before any certificate: in force at once, never reviewed.
            ...(!review && newPhoto !== null ? { photoRef: newPhoto, photoApprovedAt: null } : {}),
            ...(input.consentVersion ? { consentVersion: input.consentVersion, consentAt: now } : {}),
            updatedAt: now,
          })
          .where(eq(users.id, user.id))
          .returning();
        return present(tx, updated!);
      });
    },

    /** The volunteer takes back their waiting request. */
    async withdrawPending(user: AuthUser) {
      return inTransaction(db, async (tx) => {
        const [waiting] = await tx
          .select()
          .from(profileChanges)
          .where(and(eq(profileChanges.userId, user.id), eq(profileChanges.status, 'pending')))
          .for('update');
        if (!waiting) fail('profile_changes.not_found');
        await applyMove(tx, {
          lifecycle: profileChangeLifecycle,
          row: waiting,
          action: 'withdraw',
          refusal: 'profile_changes.not_pending',
          table: profileChanges,
          set: { decidedAt: clock.now() },
        });
        const row = await findUserById(tx, user.id);
        return present(tx, row!);
      });
    },

    /**
     * Withdrawing consent: the profile photos' bytes (the one in force, waiting and past ones) are
     * deleted, and the real name and phone with them, in the history too; a waiting change is
     * withdrawn. Recorded in the audit log without the personal data.
     */
    async withdrawConsent(user: AuthUser) {
      return inTransaction(db, async (tx) => {
        const [row] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
        if (!row) fail('users.not_found');
        if (!row.consentAt) fail('profile.no_consent');
        const now = clock.now();
        const changes = await tx.select().from(profileChanges).where(eq(profileChanges.userId, user.id));
        // Only one's own uploads can be a profile photo (in force, waiting or past): all of them go.
        const photosDeleted = await deleteProfilePhotosOf(tx, user.id);
        for (const waiting of changes.filter((c) => c.status === 'pending')) {
          await applyMove(tx, {
            lifecycle: profileChangeLifecycle,
            row: waiting,
            action: 'withdraw',
            refusal: 'profile_changes.not_pending',
            table: profileChanges,
            set: { decidedAt: now, reason: 'consent_withdrawn' },
          });
        }
        await tx
          .update(profileChanges)
          .set({ realName: null, photoRef: null })
          .where(eq(profileChanges.userId, user.id));
        await tx
          .update(users)
          .set({
            realName: null,
            phone: null,
            photoRef: null,
            photoApprovedAt: null,
            consentAt: null,
            consentVersion: null,
            updatedAt: now,
          })
          .where(eq(users.id, user.id));
        await recordAuditEntry(tx, {
          actorId: user.id,
          role: row.role,
          communityId: row.communityId,
          action: 'POST /me/consent/withdraw',
          targetType: 'users',
          targetId: String(user.id),
          params: null,
          before: {
            consentVersion: row.consentVersion,
            hadRealName: row.realName !== null,
            hadPhone: row.phone !== null,
            hadPhoto: row.photoRef !== null,
          },
          after: { consentVersion: null, photosDeleted },
          at: now,
        });
        return { withdrawnAt: now.toISOString(), photosDeleted };
      });
    },

    /** The community's waiting requests, oldest first, each beside the photo and name in force. */
    async listPending(officer: AuthUser, communityId?: number) {
      const target = communityId ?? officer.communityId;
      await authorizeCommunity(db, officer, 'profiles.review', target);
      const rows = await db
        .select({ c: profileChanges, u: users })
        .from(profileChanges)
        .innerJoin(users, eq(users.id, profileChanges.userId))
        .where(and(eq(profileChanges.communityId, target), eq(profileChanges.status, 'pending')))
        .orderBy(profileChanges.id);
      return {
        changes: rows.map(({ c, u }) => ({
          ...presentChange(c),
          displayName: u.displayName,
          currentRealName: u.realName,
          currentPhotoUrl: url(u.photoRef),
        })),
      };
    },

    /** Approving puts the new photo and/or name in force; the photo's approval time is shown at the till. */
    async approve(officer: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const c = await readChange(tx, officer, id);
        const now = clock.now();
        const { row } = await applyMove(tx, {
          lifecycle: profileChangeLifecycle,
          row: c,
          action: 'approve',
          refusal: 'profile_changes.not_pending',
          table: profileChanges,
          set: { decidedBy: officer.id, decidedAt: now },
        });
        await tx
          .update(users)
          .set({
            ...(c.realName !== null ? { realName: c.realName } : {}),
            ...(c.photoRef !== null ? { photoRef: c.photoRef, photoApprovedAt: now } : {}),
            updatedAt: now,
          })
          .where(eq(users.id, c.userId));
        noteAudit({
          entity: { type: 'profile_changes', id },
          communityId: c.communityId,
          before: { status: c.status },
          after: { status: row.status },
        });
        return presentChange(row);
      });
    },

    async reject(officer: AuthUser, id: number, reason: string) {
      return inTransaction(db, async (tx) => {
        const c = await readChange(tx, officer, id);
        const { row } = await applyMove(tx, {
          lifecycle: profileChangeLifecycle,
          row: c,
          action: 'reject',
          refusal: 'profile_changes.not_pending',
          table: profileChanges,
          set: { decidedBy: officer.id, decidedAt: clock.now(), reason },
        });
        noteAudit({
          entity: { type: 'profile_changes', id },
          communityId: c.communityId,
          before: { status: c.status },
          after: { status: row.status, reason },
        });
        return presentChange(row);
      });
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
