import test from 'ava';
import { encodedBody, listAnswer } from '../../../server/src/http/encoded';

const rows = [
  { id: 1, title: '陪老人散步', place: { name: '紫瑞公园', lat: 30.8, lng: 104.1 }, tags: ['a'] },
  { id: 2, title: 'Reading "aloud"\n', place: null, tags: [] },
];

test('the encoded body is the JSON of the object view, per-request fields included', (t) => {
  const a = listAnswer('activities', rows, (r) => ({ enrolled: r.id === 2 }));
  const body = encodedBody(a);
  t.truthy(body);
  t.deepEqual(JSON.parse(body!.toString('utf8')), JSON.parse(JSON.stringify(a)));
  t.deepEqual(a.activities[1], { ...rows[1], enrolled: true });
  t.is(a.activities[0]!.enrolled, false);
});

test('without per-request fields, with an empty list, with an empty row', (t) => {
  t.deepEqual(JSON.parse(encodedBody(listAnswer('merchants', rows))!.toString()), { merchants: rows });
  t.deepEqual(JSON.parse(encodedBody(listAnswer('merchants', []))!.toString()), { merchants: [] });
  const empty = listAnswer('x', [{}], () => ({ distanceM: 12.5 }));
  t.deepEqual(JSON.parse(encodedBody(empty)!.toString()), { x: [{ distanceM: 12.5 }] });
});

test('a row encoded once is reused for later answers; other answers are not encoded', (t) => {
  const one = encodedBody(listAnswer('a', rows, () => ({ distanceM: null })))!.toString();
  const two = encodedBody(listAnswer('a', rows, () => ({ distanceM: 3 })))!.toString();
  t.true(one.includes('"distanceM":null'));
  t.true(two.includes('"distanceM":3'));
  t.is(encodedBody({ a: 1 }), undefined);
  t.is(encodedBody(null), undefined);
});

test('a per-request field that repeats a row field is refused (it would appear twice in the JSON)', (t) => {
  t.throws(() => listAnswer('a', rows, () => ({ id: 3 })), { message: /repeats a row field/ });
});
