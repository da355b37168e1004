/** Response schemas of the records module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { MAX_REPORT_DAYS, nameDisplays } from '../reports';
import { countOut, dateOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

const hoursOut = z.number().min(0).max(1e7);

/** One confirmed service on a record, as captured at issue. */
export const recordServiceOut = z.strictObject({
  title: textOut(80),
  date: dateOut,
  hours: hoursOut,
  points: pointsOut,
});

/** A service-record certificate (志愿服务记录证明) as issued. */
export const recordOut = z.strictObject({
  serial: textOut(40),
  community: z.strictObject({ id: idOut, name: textOut(100) }),
  userId: idOut,
  /** The name as printed: full or masked, fixed at issue. */
  name: textOut(100),
  nameDisplay: z.enum(nameDisplays),
  from: dateOut,
  to: dateOut,
  services: listOut(recordServiceOut, MAX_REPORT_DAYS * 50),
  totalHours: hoursOut,
  totalPoints: pointsOut,
  activitiesCount: countOut,
  issuedAt: timeOut,
});
export type RecordDto = z.infer<typeof recordOut>;

/** POST /records: the record, and its verification code — shown this once, only its hash is kept. */
export const recordIssuedOut = z.strictObject({
  record: recordOut,
  verificationCode: z
    .string()
    .max(8)
    .regex(/^[A-Z0-9]{8}$/),
  printPath: textOut(200),
  verifyUrl: textOut(2000),
});
export type RecordIssuedDto = z.infer<typeof recordIssuedOut>;

/** GET /records/verify: genuine or not; when genuine, only the name as printed and the totals. */
export const recordVerifyOut = z.discriminatedUnion('genuine', [
  z.strictObject({ genuine: z.literal(false) }),
  z.strictObject({
    genuine: z.literal(true),
    record: z.strictObject({
      serial: textOut(40),
      community: textOut(100),
      name: textOut(100),
      from: dateOut,
      to: dateOut,
      totalHours: hoursOut,
      totalPoints: pointsOut,
      activitiesCount: countOut,
      issuedAt: timeOut,
    }),
  }),
]);
export type RecordVerifyDto = z.infer<typeof recordVerifyOut>;

// Types of the answers above that had none.
export type RecordServiceDto = z.infer<typeof recordServiceOut>;
