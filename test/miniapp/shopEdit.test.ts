import test from 'ava';
import {
  buildShopEdit,
  changeLines,
  shopEditFieldFor,
  shopEditFormOf,
} from '../../miniapp/src/logic/shopEdit';

const shop = {
  openingHours: '每天 8:00–21:00',
  contactPhone: '028-88886666',
  licenceNo: '91510114MA6C8XXX1Y',
  discount: { percentOff: 20, text: null, conditions: '不与其他优惠同享', label: '持证消费8折' },
};

test('the form starts as the shop is, and unchanged it sends nothing', (t) => {
  const f = shopEditFormOf(shop);
  t.deepEqual(f, {
    openingHours: '每天 8:00–21:00',
    contactPhone: '028-88886666',
    licenceNo: '91510114MA6C8XXX1Y',
    mode: 'percent',
    percentOff: '20',
    discountText: '',
    conditions: '不与其他优惠同享',
  });
  t.deepEqual(buildShopEdit(f, shop, 'en'), { ok: false, errors: { form: 'Nothing was changed' } });
});

test('only what changed is sent; the licence and the discount need review', (t) => {
  const f = shopEditFormOf(shop);
  t.deepEqual(buildShopEdit({ ...f, openingHours: ' 每天 9:00–22:00 ' }, shop, 'zh'), {
    ok: true,
    body: { openingHours: '每天 9:00–22:00' },
    needsReview: false,
  });
  t.deepEqual(buildShopEdit({ ...f, percentOff: '30' }, shop, 'zh'), {
    ok: true,
    body: { discount: { percentOff: 30, conditions: '不与其他优惠同享' } },
    needsReview: true,
  });
  t.deepEqual(buildShopEdit({ ...f, licenceNo: '91510114ma6c8abc1y' }, shop, 'zh'), {
    ok: true,
    body: { licenceNo: '91510114MA6C8ABC1Y' },
    needsReview: true,
  });
  // dropping the conditions is a change of the discount too
  const r = buildShopEdit({ ...f, conditions: '' }, shop, 'zh');
  t.deepEqual(r, { ok: true, body: { discount: { percentOff: 20 } }, needsReview: true });
  t.deepEqual(buildShopEdit({ ...f, mode: 'text', discountText: '免费洗头' }, shop, 'zh'), {
    ok: true,
    body: { discount: { text: '免费洗头', conditions: '不与其他优惠同享' } },
    needsReview: true,
  });
});

test('each wrong field is named', (t) => {
  const f = shopEditFormOf(shop);
  const r = buildShopEdit(
    { ...f, openingHours: '', contactPhone: '12', licenceNo: 'abc', percentOff: '95' },
    shop,
    'en',
  );
  if (r.ok) return t.fail('accepted');
  t.deepEqual(Object.keys(r.errors).sort(), ['contactPhone', 'licenceNo', 'openingHours', 'percentOff']);
  const text = buildShopEdit({ ...f, mode: 'text', discountText: ' ' }, shop, 'zh');
  t.false(text.ok);
  if (!text.ok) t.is(text.errors.discountText, '请填写优惠内容');
  t.is(shopEditFieldFor('request.invalid', [{ path: 'discount.percentOff' }]), 'percentOff');
  t.is(shopEditFieldFor('request.invalid', [{ path: 'licenceNo' }]), 'licenceNo');
  t.is(shopEditFieldFor('merchants.change_pending'), null);
});

test('a change request reads as before → after', (t) => {
  t.deepEqual(
    changeLines(
      {
        changes: {
          licenceNo: '91510114MA6C8ABC1Y',
          discount: { percentOff: 30, text: null, conditions: null, label: '持证消费7折' },
        },
        previous: {
          licenceNo: '91510114MA6C8XXX1Y',
          discount: { percentOff: 20, text: null, conditions: '周末除外', label: '持证消费8折' },
        },
      },
      'zh',
    ),
    [
      {
        label: '营业执照统一社会信用代码（需审核）',
        before: '91510114MA6C8XXX1Y',
        after: '91510114MA6C8ABC1Y',
      },
      { label: '给志愿者的优惠（需审核）', before: '持证消费8折（周末除外）', after: '持证消费7折' },
    ],
  );
  t.deepEqual(changeLines({ changes: {}, previous: {} }, 'en'), []);
});
