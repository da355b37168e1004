/** Timing of the rotating codes: the officer's screen and the holder's till code. */

import { tillCode, tillStep } from '@timebank/shared';
import test from 'ava';
import {
  checkinRefreshDelayMs,
  msUntilNextStep,
  retryDelayMs,
  secondsLeftInStep,
  secondsUntil,
} from '../../miniapp/src/logic/rotation';
import { deviceFor, isTillDevice, type TillDevice, tillView } from '../../miniapp/src/logic/till';

const step0 = 59_853_520 * 30_000; // the start of a 30-s step

test('the till timer fires exactly at the next step boundary', (t) => {
  t.is(msUntilNextStep(step0), 30_000);
  t.is(msUntilNextStep(step0 + 1), 29_999);
  t.is(msUntilNextStep(step0 + 29_999), 1);
  const now = step0 + 12_345;
  t.is(tillStep(now + msUntilNextStep(now)), tillStep(step0) + 1);
});

test('the countdown runs 30 … 1', (t) => {
  t.is(secondsLeftInStep(step0), 30);
  t.is(secondsLeftInStep(step0 + 500), 30);
  t.is(secondsLeftInStep(step0 + 29_001), 1);
});

test("the officer's code is fetched again when the server says, within 1–30 s", (t) => {
  t.is(checkinRefreshDelayMs({ refreshInSeconds: 22 }), 22_000);
  t.is(checkinRefreshDelayMs({ refreshInSeconds: 0 }), 1_000);
  t.is(checkinRefreshDelayMs({ refreshInSeconds: 300 }), 30_000);
  t.is(checkinRefreshDelayMs({ refreshInSeconds: Number.NaN }), 30_000);
});

test('failed fetches back off to 15 s', (t) => {
  t.deepEqual([1, 2, 3, 4, 5].map(retryDelayMs), [2_000, 4_000, 8_000, 15_000, 15_000]);
});

test('secondsUntil never goes negative', (t) => {
  t.is(secondsUntil(10_500, 10_000), 1);
  t.is(secondsUntil(10_000, 12_000), 0);
});

const device: TillDevice = {
  deviceId: '7-ugAa6nViIS4xlM',
  secretHex: '1a4d48aa652b0d946856bf070893032be6d6cdfd',
  stepSeconds: 30,
  serial: 'ZR-2026-000001',
  userId: 4,
};

test('the till code shown is the shared tillCode for the current step, and changes with the step', (t) => {
  const a = tillView(device, step0 + 1_000);
  t.is(a.code, tillCode(device.deviceId, device.secretHex, step0 + 1_000));
  t.regex(a.code, /^TB1\.7-ugAa6nViIS4xlM\.59853520\.\d{6}$/);
  t.is(a.secondsLeft, 29);
  t.is(tillView(device, step0 + 29_000).code, a.code);
  t.not(tillView(device, step0 + 30_000).code, a.code);
});

test('a stored device is used only for the same holder and certificate', (t) => {
  t.true(isTillDevice(device));
  t.is(deviceFor(device, 4, 'ZR-2026-000001'), device);
  t.is(deviceFor(device, 5, 'ZR-2026-000001'), null);
  t.is(deviceFor(device, 4, 'ZR-2026-000002'), null);
  t.is(deviceFor({ ...device, secretHex: 'not hex' }, 4, 'ZR-2026-000001'), null);
  t.is(deviceFor(null, 4, 'ZR-2026-000001'), null);
  t.is(deviceFor('', 4, 'ZR-2026-000001'), null);
});
