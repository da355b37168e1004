import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';

export const boardKindEnum = pgEnum('board_kind', ['recruitment', 'activity_push']);
export const boardStatusEnum = pgEnum('board_status', ['published', 'taken_down']);

/** Merchants' recruitment notices (招聘) and activity pushes (活动推送) on the community board. */
export const boardPosts = pgTable(
  'board_posts',
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
    kind: boardKindEnum().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    status: boardStatusEnum().notNull().default('published'),
    takeDownReason: text(),
    takenDownBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.communityId, t.status)],
);
