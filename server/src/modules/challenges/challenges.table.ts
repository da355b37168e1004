import { challengeStatuses } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { communities } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';

export const challengeStatusEnum = pgEnum('challenge_status', challengeStatuses);

/** A merchant's problem put to the community ("business challenges, resident solutions"). */
export const challenges = pgTable(
  'challenges',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    authorId: integer()
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    problem: text().notNull(),
    photoUrls: text().array().notNull().default(sql`'{}'::text[]`),
    /** Sponsored bonus in hundredths of a point per confirmed participant; null for none. */
    bonusPoints: integer(),
    bonusMaxParticipants: integer(),
    status: challengeStatusEnum().notNull().default('open'),
    winningProposalId: integer().references((): AnyPgColumn => challengeProposals.id),
    closedBy: integer().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }),
    activityId: integer().references(() => activities.id),
    /** Whether the converted activity carries the sponsored bonus. */
    activityBonus: boolean().notNull().default(false),
    takeDownReason: text(),
    takenDownBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.status),
    unique().on(t.activityId),
    check('challenges_bonus_pair', sql`(${t.bonusPoints} IS NULL) = (${t.bonusMaxParticipants} IS NULL)`),
    check(
      'challenges_bonus_positive',
      sql`${t.bonusPoints} IS NULL OR (${t.bonusPoints} > 0 AND ${t.bonusMaxParticipants} > 0)`,
    ),
    check(
      'challenges_converted_has_activity',
      sql`(${t.status} = 'converted') = (${t.activityId} IS NOT NULL)`,
    ),
    check(
      'challenges_closed_fields',
      sql`${t.status} = 'open' OR ${t.status} = 'taken_down' OR ${t.closedAt} IS NOT NULL`,
    ),
  ],
);

/** A resident's proposed solution: one per volunteer per challenge. */
export const challengeProposals = pgTable(
  'challenge_proposals',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    challengeId: integer()
      .notNull()
      .references(() => challenges.id),
    authorId: integer()
      .notNull()
      .references(() => users.id),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.challengeId, t.authorId),
    // Lets a vote reference (proposal, challenge) so a vote can only go to a proposal of its challenge.
    unique('challenge_proposals_id_challenge').on(t.id, t.challengeId),
  ],
);

/** One vote per person per challenge; voting again while the round is open moves the vote. */
export const challengeVotes = pgTable(
  'challenge_votes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    challengeId: integer()
      .notNull()
      .references(() => challenges.id),
    proposalId: integer().notNull(),
    voterId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('challenge_votes_one_per_person').on(t.challengeId, t.voterId),
    index().on(t.proposalId),
    foreignKey({
      name: 'challenge_votes_proposal_of_challenge',
      columns: [t.proposalId, t.challengeId],
      foreignColumns: [challengeProposals.id, challengeProposals.challengeId],
    }),
  ],
);

/**
 * One sponsored-bonus award per (challenge, volunteer): its id is the ledger line's source id, so the
 * ledger's unique source key and this table's unique pair both keep a volunteer from being paid twice.
 * Slots number the awards 1..cap so the cap holds in the database too.
 */
export const challengeBonusAwards = pgTable(
  'challenge_bonus_awards',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    challengeId: integer()
      .notNull()
      .references(() => challenges.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    attendanceId: integer()
      .notNull()
      .references(() => attendances.id),
    slot: integer().notNull(),
    /** Hundredths of a point. */
    amount: integer().notNull(),
    awardedBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('challenge_bonus_awards_once').on(t.challengeId, t.userId),
    unique('challenge_bonus_awards_slot').on(t.challengeId, t.slot),
    unique().on(t.attendanceId),
    check('challenge_bonus_awards_positive', sql`${t.amount} > 0 AND ${t.slot} > 0`),
  ],
);
