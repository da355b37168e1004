/** Response schemas of the board module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { countOut, idOut, listOut, textOut, timeOut } from './common';

export const boardKindOut = z.enum(['recruitment', 'activity_push']);
export const boardStatusOut = z.enum(['published', 'taken_down']);

/** POST /board/posts: the post as published. */
export const boardPostOut = z.strictObject({
  id: idOut,
  kind: boardKindOut,
  title: textOut(80),
  body: textOut(2000),
  status: boardStatusOut,
  createdAt: timeOut,
});
export type BoardPostDto = z.infer<typeof boardPostOut>;

/** GET /board: published posts of merchants in good standing, the 100 first. */
export const boardEntryOut = z.strictObject({
  id: idOut,
  kind: boardKindOut,
  title: textOut(80),
  body: textOut(2000),
  merchant: z.strictObject({ id: idOut, name: textOut(80) }),
  /** Certificate discounts the merchant recorded in the last 90 days. */
  honouredDiscounts90d: countOut,
  createdAt: timeOut,
});
export type BoardEntryDto = z.infer<typeof boardEntryOut>;
export const boardListOut = z.strictObject({ posts: listOut(boardEntryOut, 100) });

/** POST /board/posts/:id/take-down. */
export const boardTakeDownOut = z.strictObject({
  id: idOut,
  status: z.literal('taken_down'),
  takeDownReason: textOut(500),
});
export type BoardTakeDownDto = z.infer<typeof boardTakeDownOut>;

// Types of the answers above that had none.
export type BoardKindDto = z.infer<typeof boardKindOut>;
export type BoardStatusDto = z.infer<typeof boardStatusOut>;
export type BoardListDto = z.infer<typeof boardListOut>;
