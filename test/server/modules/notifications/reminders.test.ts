import test from 'ava';
import { activeMerchant, certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, publishedActivity, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const kinds = async (auth: { Authorization: string }) =>
  (await ctx.request().get('/api/v1/me/notifications').set(auth)).body.notifications.map(
    (n: { kind: string }) => n.kind,
  ) as string[];

test.serial(
  'the message centre tells a volunteer of enrolment, points, the certificate and each check',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const id = await publishedActivity(ctx, officer, { title: '为老人理发' });
    await ctx.request().post(`/api/v1/activities/${id}/enrolment`).set(v.auth);
    t.deepEqual(await kinds(v.auth), ['enrolment.confirmed']);

    await certifiedVolunteer(ctx, officer, v);
    t.deepEqual(await kinds(v.auth), ['certificate.issued', 'ledger.credited', 'enrolment.confirmed']);

    const shop = await activeMerchant(ctx, officer);
    const device = await openDevice(ctx, v);
    const check = await ctx
      .request()
      .post('/api/v1/verifications')
      .set(shop.owner.auth)
      .send({ code: device.code() });
    t.true(check.body.valid);
    const list = (await ctx.request().get('/api/v1/me/notifications').set(v.auth)).body.notifications;
    t.is(list[0].kind, 'till.checked');
    t.regex(list[0].title, /爱心小店/);
    // Nobody else hears about it.
    const other = await ctx.addUser('volunteer', c.id);
    t.deepEqual(await kinds(other.auth), []);
  },
);
