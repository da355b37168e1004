import {
  checkDiscountAmounts,
  checkDiscountCorrection,
  discountStatus,
  expectedSavingCents,
  isSelfDealing,
  parseTillCode,
  TILL_CODE_PREFIX,
  TILL_STEP_SECONDS,
  tillCode,
  tillOtp,
  tillStep,
} from '@timebank/shared';
import test from 'ava';

const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f9001122334';
const OTHER_SECRET = '00112233445566778899aabbccddeeff00112233';
const DEVICE = 'AbCdEfGh_ijkl-MN';

/** RFC 6238 appendix B, HMAC-SHA-256 seed "12345678901234567890123456789012", last six digits. */
const RFC_SEED = Buffer.from('12345678901234567890123456789012', 'ascii').toString('hex');
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, '46119246'],
  [1111111109, '68084774'],
  [1111111111, '67062674'],
  [1234567890, '91819424'],
  [2000000000, '90698825'],
  [20000000000, '77737706'],
];

test('tillOtp matches the RFC 6238 SHA-256 vectors (six digits)', (t) => {
  for (const [seconds, eight] of RFC_VECTORS) {
    t.is(tillOtp(RFC_SEED, Math.floor(seconds / 30)), eight.slice(2), String(seconds));
  }
});

test('tillOtp is six digits, deterministic, and changes with step and secret', (t) => {
  const a = tillOtp(SECRET, 1000);
  t.regex(a, /^\d{6}$/);
  t.is(tillOtp(SECRET, 1000), a);
  t.not(tillOtp(SECRET, 1001), a);
  t.not(tillOtp(OTHER_SECRET, 1000), a);
  // over many steps, always six digits (leading zeros kept), and not constant
  const seen = new Set<string>();
  for (let s = 0; s < 200; s++) {
    const otp = tillOtp(SECRET, s);
    t.regex(otp, /^\d{6}$/);
    seen.add(otp);
  }
  t.true(seen.size > 190);
});

test('tillOtp refuses a secret that is not hex', (t) => {
  t.throws(() => tillOtp('not-hex!', 1));
  t.throws(() => tillOtp('abc', 1));
});

test('tillStep counts 30-second steps', (t) => {
  t.is(TILL_STEP_SECONDS, 30);
  t.is(tillStep(0), 0);
  t.is(tillStep(29_999), 0);
  t.is(tillStep(30_000), 1);
  t.is(tillStep(Date.parse('2026-11-25T02:00:00.000Z')), Date.parse('2026-11-25T02:00:00.000Z') / 30_000);
});

test('tillCode is TB1.<device>.<step>.<otp> and parses back', (t) => {
  const now = Date.parse('2026-11-25T02:00:10.000Z');
  const code = tillCode(DEVICE, SECRET, now);
  const step = tillStep(now);
  t.is(code, `${TILL_CODE_PREFIX}.${DEVICE}.${step}.${tillOtp(SECRET, step)}`);
  t.deepEqual(parseTillCode(code), { deviceId: DEVICE, step, otp: tillOtp(SECRET, step) });
  // the same step gives the same code; the next step another
  t.is(tillCode(DEVICE, SECRET, now + 10_000), code);
  t.not(tillCode(DEVICE, SECRET, now + 30_000), code);
});

test('parseTillCode accepts a well-formed code, with surrounding blanks', (t) => {
  t.deepEqual(parseTillCode('TB1.abcdefgh.123.000042'), { deviceId: 'abcdefgh', step: 123, otp: '000042' });
  t.deepEqual(parseTillCode('  TB1.abcdefgh.123.000042\n'), {
    deviceId: 'abcdefgh',
    step: 123,
    otp: '000042',
  });
});

test('parseTillCode rejects garbage', (t) => {
  const garbage = [
    '',
    'hello',
    'https://example.com/?code=TB1.abcdefgh.1.123456',
    'TB2.abcdefgh.123.123456', // wrong prefix
    'tb1.abcdefgh.123.123456', // prefix is case-sensitive
    'TB1.abcdefg.123.123456', // device id too short
    `TB1.${'a'.repeat(65)}.123.123456`, // device id too long
    'TB1.abc$efgh.123.123456', // bad character in the id
    'TB1.abcdefgh.12a.123456', // step not a number
    'TB1.abcdefgh.-1.123456',
    'TB1.abcdefgh.1234567890123.123456', // step too long
    'TB1.abcdefgh.123.12345', // five digits
    'TB1.abcdefgh.123.1234567', // seven digits
    'TB1.abcdefgh.123.12345a',
    'TB1.abcdefgh.123',
    'TB1.abcdefgh.123.123456.extra',
    'TB1..123.123456',
  ];
  for (const g of garbage) t.is(parseTillCode(g), null, JSON.stringify(g));
});

test('discount amounts: the bill for a percentage, a positive saving within the bill and ¥1 of the percentage', (t) => {
  const pct = { percentOff: 20 };
  const text = { percentOff: null };
  t.is(checkDiscountAmounts(pct, { billCents: null, savingCents: 500 }), 'till.bill_required');
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: null }), 'till.saving_not_positive');
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 0 }), 'till.saving_not_positive');
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 5000 }), 'till.saving_exceeds_bill');
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 600 }), null);
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 699 }), null);
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 501 }), null);
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 700 }), 'till.saving_inconsistent');
  t.is(checkDiscountAmounts(pct, { billCents: 3000, savingCents: 500 }), 'till.saving_inconsistent');
  // 50% off a ¥0.01 bill: the saving may not exceed the bill even within rounding
  t.is(
    checkDiscountAmounts({ percentOff: 50 }, { billCents: 1, savingCents: 2 }),
    'till.saving_exceeds_bill',
  );
  t.is(checkDiscountAmounts(text, { billCents: null, savingCents: 1500 }), null);
  t.is(checkDiscountAmounts(text, { billCents: null, savingCents: null }), 'till.saving_not_positive');
  t.is(checkDiscountAmounts(text, { billCents: 1000, savingCents: 1200 }), 'till.saving_exceeds_bill');
  t.is(expectedSavingCents(14, 5000), 700);
  t.is(expectedSavingCents(20, 8880), 1776);
});

test('a correction: the recorder only, within 10 minutes, never after a void', (t) => {
  const at = Date.parse('2026-12-07T10:00:00Z');
  const rec = { recordedBy: 7, recordedAtMs: at, voided: false };
  t.is(checkDiscountCorrection(rec, 7, at + 10 * 60_000), null);
  t.is(checkDiscountCorrection(rec, 7, at + 10 * 60_000 + 1), 'till.correction_window_closed');
  t.is(checkDiscountCorrection(rec, 8, at), 'till.correction_not_yours');
  t.is(checkDiscountCorrection({ ...rec, voided: true }, 7, at), 'till.discount_voided');
  t.is(discountStatus({ voidedAt: null, correctedAt: null }), 'recorded');
  t.is(discountStatus({ voidedAt: null, correctedAt: new Date() }), 'corrected');
  t.is(discountStatus({ voidedAt: new Date(), correctedAt: new Date() }), 'voided');
});

test('self-dealing: a shop and its own people, or its own member credential', (t) => {
  t.true(isSelfDealing(3, { holderShopId: 3, credentialShopId: null }));
  t.true(isSelfDealing(3, { holderShopId: null, credentialShopId: 3 }));
  t.false(isSelfDealing(3, { holderShopId: 4, credentialShopId: 4 }));
  t.false(isSelfDealing(3, { holderShopId: null, credentialShopId: null }));
});
