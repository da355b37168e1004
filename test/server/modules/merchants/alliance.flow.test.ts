import test from 'ava';
import { activeMerchant, certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial('the merchant story: apply, approve, check at the till, discount, revoke, refused', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await activeMerchant(ctx, officer);
  const volunteer = await certifiedVolunteer(ctx, officer);

  const dir = await ctx.request().get('/api/v1/alliance/merchants').set(volunteer.auth);
  t.is(dir.status, 200);
  t.is(dir.body.merchants.length, 1);
  t.is(dir.body.merchants[0].discount.label, '持证消费8折');

  const device = await openDevice(ctx, volunteer);
  const check = await ctx
    .request()
    .post('/api/v1/verifications')
    .set(shop.owner.auth)
    .send({ code: device.code() });
  t.is(check.status, 200, JSON.stringify(check.body));
  t.true(check.body.valid);
  t.is(check.body.credential.level, 1);
  t.is(check.body.discount.percentOff, 20);
  t.false(JSON.stringify(check.body).includes('phone'));

  const again = await ctx
    .request()
    .post('/api/v1/verifications')
    .set(shop.owner.auth)
    .send({ code: device.code() });
  t.false(again.body.valid);
  t.is(again.body.reason, 'verify.code_reused');

  const discount = await ctx
    .request()
    .post(`/api/v1/verifications/${check.body.id}/discount`)
    .set(shop.owner.auth)
    .send({ billAmount: 100, savingAmount: 20 });
  t.is(discount.status, 201);

  const mine = await ctx.request().get('/api/v1/me/checks').set(volunteer.auth);
  t.is(mine.body.checks.length, 2);
  t.is(mine.body.checks[1].discount.savingAmount, 20);

  const certs = await ctx.request().get('/api/v1/certificates').set(officer.auth);
  const certId = certs.body.certificates[0].id;
  const revoke = await ctx
    .request()
    .post(`/api/v1/certificates/${certId}/status`)
    .set(officer.auth)
    .send({ action: 'revoke', reason: '将证书借给他人使用' });
  t.is(revoke.status, 200);

  ctx.clock.advance(30_000);
  const refused = await ctx
    .request()
    .post('/api/v1/verifications')
    .set(shop.owner.auth)
    .send({ code: device.code() });
  t.false(refused.body.valid);
  t.is(refused.body.reason, 'verify.revoked');

  const day = new Date(ctx.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const report = await ctx
    .request()
    .get(`/api/v1/merchants/${shop.id}/report?from=${day}&to=${day}`)
    .set(officer.auth);
  t.is(report.status, 200, JSON.stringify(report.body));
  t.is(report.body.totals.checksValid, 1);
  t.is(report.body.totals.checksRefused, 2);
  t.is(report.body.totals.savingTotal, 20);
});
