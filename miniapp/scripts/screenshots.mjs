#!/usr/bin/env node
// Walk the h5 app in Debian chromium and save screenshots: sign-in, activities, 我的 with the
// certificate code, the officer's check-in code screen and review, and the merchant's till check.
// Needs the API with the demo data and scripts/serve-h5.mjs in front of it; Chinese glyphs need
// Debian's fonts-noto-cjk.
// Usage: APP_URL=http://127.0.0.1:10087 OUT=/tmp/shots node scripts/screenshots.mjs
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const app = process.env.APP_URL ?? 'http://127.0.0.1:10087';
const out = process.env.OUT ?? join(process.cwd(), 'screenshots');
const activityId = Number(process.env.ACTIVITY_ID ?? 2);
mkdirSync(out, { recursive: true });

// A fresh profile every run (playwright wants it as launchPersistentContext's first argument).
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tb-chromium-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  locale: 'zh-CN',
  hasTouch: true,
  isMobile: true,
  // the demo community's service centre, so the directory shows distances
  geolocation: { latitude: 30.8236, longitude: 104.1589 },
  permissions: ['geolocation'],
});
const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console: ${m.text()}`);
});

/** Direct API calls (through the same origin) to set the scene: enrolments and the officer's code. */
const api = async (method, path, token, body) => {
  const res = await fetch(`${app}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
};
const officerToken = (
  await api('POST', '/auth/password', null, { username: 'zirui-officer', password: 'zirui-demo-2018' })
).token;
const checkinVolunteer = process.env.VOLUNTEER ?? 'dev:li';
const liToken = (await api('POST', '/auth/wechat', null, { code: checkinVolunteer, communityId: 1 })).token;
await api('POST', `/activities/${activityId}/enrolment`, liToken); // already enrolled on a re-run: fine

const settle = (ms = 800) => page.waitForTimeout(ms);
const shot = async (name, fullPage = true) => {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`saved ${join(out, `${name}.png`)}`);
};
const go = async (hash) => {
  await page.goto(`${app}/#${hash}`);
  await settle(1200);
};
const clickText = async (text) => {
  // force: Taro's pull-to-refresh wrapper (mid-transition) fails playwright's hit test although the
  // element is on top at its centre
  const target = page.getByText(text, { exact: true }).locator('visible=true').first();
  await target.scrollIntoViewIfNeeded();
  await target.click({ force: true });
  await settle(1200);
};
const clickTab = async (text) => {
  await page
    .locator('.weui-tabbar__label', { hasText: new RegExp(`^${text}$`) })
    .first()
    .click({ force: true });
  await settle(1200);
};
const clickButton = async (text) => {
  const target = page.locator('.btn:visible', { hasText: new RegExp(`^${text}$`) }).first();
  await target.scrollIntoViewIfNeeded();
  await target.click({ force: true });
  await settle(1200);
};
const signOutAll = async () => {
  await page.evaluate(() => localStorage.clear());
};
const passwordSignIn = async (username, password) => {
  await signOutAll();
  await go('/pages/login/index');
  // Taro h5 keeps earlier page instances in the DOM (hidden): address the visible inputs only
  await page.locator('input[placeholder="如 zirui-officer"]:visible').fill(username);
  await page.locator('input[type="password"]:visible').fill(password);
  await clickButton('账号密码登录');
  await settle(800);
};

// 1. sign-in
await page.goto(app);
await settle(1500);
await go('/pages/login/index');
await shot('01-sign-in');

// 2. 李师傅 signs in with the development code, sees the activities, and checks in with the
//    officer's current code pasted into the h5 text box
await page.locator('input[placeholder="dev:wang"]:visible').fill(checkinVolunteer);
await clickButton('开发登录');
await settle(800);
await shot('02-activities');
await clickTab('签到');
const { code } = await api('GET', `/activities/${activityId}/checkin-code`, officerToken);
await page.locator('textarea:visible').fill(code ?? '');
await clickButton('签到');
await settle(1500);
await shot('05-checkin');
// …and checks out at once (a short stay: the officer will see it first in the review)
await page.locator('textarea:visible').fill(code ?? '');
await clickButton('签退');
await settle(1500);
await shot('05b-checkout');

// 3. 王阿姨 (who holds a certificate) signs in
await signOutAll();
await go('/pages/login/index');
await page.locator('input[placeholder="dev:wang"]:visible').fill('dev:wang');
await clickButton('开发登录');
await settle(800);

// 3. 我的: points, certificate, ledger; open the certificate on this "phone" if needed
await clickTab('我的');
await settle(800);
if (await page.getByText('在本机出示证书', { exact: true }).count()) {
  await clickButton('在本机出示证书');
  await clickText('本机打开');
  await settle(1500);
}
await shot('03-me-certificate');
const tillCode = await page
  .locator('.mono:visible')
  .first()
  .textContent()
  .catch(() => null);

// 4. 商家 directory and 签到
await clickTab('商家');
await settle(800);
await shot('04-merchants');

// 5. the officer's desk, the rotating check-in code screen and the review
await passwordSignIn('zirui-officer', 'zirui-demo-2018');
await shot('06-officer-home');
await go(`/packages/officer/pages/code/index?id=${activityId}`);
await settle(1500);
await shot('07-officer-checkin-code', false);
await go('/packages/officer/pages/review/index');
await shot('08-officer-review');
await go('/packages/officer/pages/home/index');
await clickButton('新建活动');
await shot('09-officer-create');
// an empty title is refused with the shared schema's rule, in Chinese, before anything is sent
await clickButton('存为草稿');
await shot('09b-officer-create-invalid', false);
await page.locator('input[placeholder="如：为独居老人做午饭"]:visible').fill('陪老人散步');
await clickButton('存为草稿');
await settle(1200);
await shot('09c-officer-home-after-create', false);

// 6. merchant staff check the volunteer's till code
await passwordSignIn('zhangji-staff', 'staff-demo-2018');
if (tillCode?.startsWith('TB1.')) {
  await page.locator('textarea:visible').fill(tillCode.trim());
  await clickButton('核验');
  await settle(800);
}
await shot('10-merchant-verify');
if (await page.locator('.btn:visible', { hasText: /^记录优惠$/ }).count()) {
  await page.locator('input:visible').first().fill('30'); // the saving (8折 → 6) fills itself in
  await settle(300);
  await shot('10b-merchant-discount-filled', false);
  await clickButton('记录优惠');
  await shot('10c-merchant-discount-recorded', false);
}

// 7. 大字模式: the switch on the same page, kept in storage
await page.locator('taro-switch-core:visible').first().click({ force: true });
await settle(800);
await page.evaluate(() => window.scrollTo(0, 0));
await shot('11-large-type', false);

await context.close();
if (problems.length) {
  console.log('browser problems:');
  for (const p of problems) console.log(`  ${p}`);
}
