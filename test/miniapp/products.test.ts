/** Products, offers and digital-skills statistics in the mini-program: forms, prices, windows, charts. */
import { offerCreateBody, productCreateBody } from '@timebank/shared';
import test from 'ava';
import {
  buildOfferInput,
  buildProductInput,
  emptyOfferForm,
  emptyProductForm,
  fenToYuan,
  monthBars,
  offerToForm,
  offerWindowLabel,
  priceLabel,
  productToForm,
  publicationView,
  splitPhotos,
  topicLabel,
  topicRows,
  yuanToFen,
} from '../../miniapp/src/logic/products';

test('yuan typed in the form become fen, and back; bad amounts are refused', (t) => {
  t.is(yuanToFen('25.8'), 2580);
  t.is(yuanToFen('25.80'), 2580);
  t.is(yuanToFen(' 0.05 '), 5);
  t.is(yuanToFen('3'), 300);
  for (const bad of ['', '-1', '1.234', 'abc', '1e3', '1,5', '.5']) t.true(Number.isNaN(yuanToFen(bad)), bad);
  t.is(fenToYuan(2580), '25.80');
  t.is(fenToYuan(5), '0.05');
  t.is(fenToYuan(null), '');
  t.is(priceLabel({ priceFen: 2580, priceText: null }), '¥25.80');
  t.is(priceLabel({ priceFen: null, priceText: '时价' }), '时价');
  t.is(priceLabel({ priceFen: 1000, priceText: '每斤' }), '¥10.00（每斤）');
});

test('the product form is checked with the server schema: a price, https photos, at most six', (t) => {
  const ok = buildProductInput({
    ...emptyProductForm(),
    name: '新都柚子',
    price: '12.5',
    photos: 'https://img.example.cn/1.jpg\n https://img.example.cn/2.jpg ',
    isLocal: true,
  });
  t.true(ok.ok);
  if (ok.ok) {
    t.deepEqual(ok.value, {
      name: '新都柚子',
      description: '',
      priceFen: 1250,
      priceText: null,
      photos: ['https://img.example.cn/1.jpg', 'https://img.example.cn/2.jpg'],
      isLocal: true,
    });
    t.true(productCreateBody.safeParse(ok.value).success);
  }

  const noPrice = buildProductInput({ ...emptyProductForm(), name: '腊肉' });
  t.false(noPrice.ok);
  if (!noPrice.ok) t.truthy(noPrice.errors.priceFen);

  const textPrice = buildProductInput({ ...emptyProductForm(), name: '腊肉', priceText: '面议' });
  t.true(textPrice.ok);

  const http = buildProductInput({
    ...emptyProductForm(),
    name: '腊肉',
    price: '10',
    photos: 'http://x.cn/a.jpg',
  });
  t.false(http.ok);
  if (!http.ok) t.regex(http.errors.photos ?? '', /https/);

  const seven = Array.from({ length: 7 }, (_, i) => `https://x.cn/${i}.jpg`).join('\n');
  const tooMany = buildProductInput(
    { ...emptyProductForm(), name: '腊肉', price: '10', photos: seven },
    'en',
  );
  t.false(tooMany.ok);
  if (!tooMany.ok) t.is(tooMany.errors.photos, 'Photos must be https links, at most 6');

  const badPrice = buildProductInput({ ...emptyProductForm(), name: '腊肉', price: '10.999' });
  t.false(badPrice.ok);
  if (!badPrice.ok) t.truthy(badPrice.errors.priceFen);

  // a product from the server fills the form again unchanged
  const back = buildProductInput(
    productToForm({
      id: 1,
      merchantId: 1,
      name: '豆瓣',
      description: '老作坊',
      priceFen: 2580,
      priceText: null,
      photos: ['https://x.cn/a.jpg'],
      isLocal: false,
      updatedAt: '',
    }),
  );
  t.true(back.ok);
  if (back.ok) t.like(back.value, { priceFen: 2580, photos: ['https://x.cn/a.jpg'] });
  t.deepEqual(splitPhotos(' a , b，c\n\n'), ['a', 'b', 'c']);
});

test('the offer form: dates in order, not ending before today, https photo', (t) => {
  const today = '2026-11-25';
  const ok = buildOfferInput({ ...emptyOfferForm(today), title: '周末特惠', validTo: '2026-11-30' }, today);
  t.true(ok.ok);
  if (ok.ok) {
    t.like(ok.value, { validFrom: today, validTo: '2026-11-30', photo: null });
    t.true(offerCreateBody.safeParse(ok.value).success);
  }
  const endsToday = buildOfferInput({ ...emptyOfferForm(today), title: '今天' }, today);
  t.true(endsToday.ok, 'an offer may end today');
  const past = buildOfferInput(
    { ...emptyOfferForm(today), title: '过期', validFrom: '2026-11-01', validTo: '2026-11-24' },
    today,
  );
  t.false(past.ok);
  if (!past.ok) t.is(past.errors.validTo, '结束日期不能早于今天');
  const reversed = buildOfferInput(
    { ...emptyOfferForm(today), title: '倒序', validFrom: '2026-12-02', validTo: '2026-12-01' },
    today,
  );
  t.false(reversed.ok);
  const photo = buildOfferInput({ ...emptyOfferForm(today), title: '图', photo: 'http://x.cn/a.jpg' }, today);
  t.false(photo.ok);
  if (!photo.ok) t.truthy(photo.errors.photo);
  const form = offerToForm({
    id: 1,
    merchantId: 1,
    title: 'A',
    description: '',
    validFrom: today,
    validTo: today,
    photo: null,
    current: true,
    updatedAt: '',
  });
  t.is(form.photo, '');
});

test('offer windows read from local dates', (t) => {
  const o = { validFrom: '2026-11-20', validTo: '2026-11-25' };
  t.is(offerWindowLabel(o, '2026-11-25'), '今天截止');
  t.is(offerWindowLabel(o, '2026-11-24'), '还剩 2 天');
  t.is(offerWindowLabel(o, '2026-11-24', 'en'), '2 days left');
  t.is(offerWindowLabel(o, '2026-11-26'), '已结束');
  t.is(offerWindowLabel({ validFrom: '2026-12-01', validTo: '2026-12-31' }, '2026-11-25'), '12月1日开始');
  t.is(publicationView('taken_down').label, '已被社区下架');
  t.is(publicationView('hidden', 'en').label, 'Hidden');
  t.is(publicationView(undefined).tag, 'tag tag--green');
});

test('digital-skills charts: month bars relative to the busiest month, topics by sessions with shares', (t) => {
  const z = { courses: 0, attendances: 0, people: 0, hours: 0 };
  const bars = monthBars([
    { month: '2026-09', sessions: 0, ...z },
    { month: '2026-10', sessions: 4, ...z, hours: 8 },
    { month: '2026-11', sessions: 1, ...z },
  ]);
  t.deepEqual(
    bars.map((b) => [b.label, b.heightPct, b.valueText]),
    [
      ['9月', 0, ''],
      ['10月', 100, '4'],
      ['11月', 25, '1'],
    ],
  );
  t.is(monthBars([{ month: '2026-10', sessions: 0, ...z }])[0]?.heightPct, 0);
  const rows = topicRows([
    { topic: 'health_code', sessions: 1, ...z },
    { topic: 'mobile_payment', sessions: 2, ...z, people: 2 },
    { topic: 'unspecified', sessions: 1, ...z },
  ]);
  t.deepEqual(
    rows.map((r) => [r.label, r.sessions, r.sharePct]),
    [
      ['手机支付', 2, 50],
      ['健康码 · 就医挂号', 1, 25],
      ['未标注主题', 1, 25],
    ],
  );
  t.is(topicLabel('video_calls', 'en'), 'Video calls');
  t.is(topicLabel('something_new'), 'something_new');
});
