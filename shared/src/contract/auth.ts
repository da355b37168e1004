/** Response schemas of the auth module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { textOut, timeOut } from './common';
import { userMeOut } from './users';

/** A session: the Bearer token (ES256 JWT), when it expires, and the user it is for. */
export const authSessionOut = z.strictObject({
  token: textOut(2000),
  expiresAt: timeOut,
  user: userMeOut,
});
export type AuthSessionDto = z.infer<typeof authSessionOut>;

/** POST /auth/wechat: a session, and whether this sign-in created the volunteer. */
export const authWechatSessionOut = authSessionOut.extend({ created: z.boolean() });
export type AuthWechatSessionDto = z.infer<typeof authWechatSessionOut>;
