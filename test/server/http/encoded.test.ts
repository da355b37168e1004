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

test('an answer whose per-request fields come from a named source is kept with its rows and source', (t) => {
  const cached = rows.map((r) => ({ ...r }));
  let calls = 0;
  const flags = (mine: number[]) => (r: { id: number }) => {
    calls++;
    return { enrolled: mine.includes(r.id) };
  };
  const mine = [2];
  const extra = flags(mine);
  const one = listAnswer('activities', cached, extra, mine);
  const two = listAnswer('activities', cached, flags(mine), mine);
  t.is(two, one, 'the same rows and the same source give the same answer');
  t.is(calls, 2, 'assembled once (one call per row)');
  t.is(encodedBody(two), encodedBody(one));
  // A new source (the volunteer enrolled since: a new cached list) is a new answer.
  const now = [1, 2];
  const three = listAnswer('activities', cached, flags(now), now);
  t.not(three, one);
  t.deepEqual(
    JSON.parse(encodedBody(three)!.toString()).activities.map((a: { enrolled: boolean }) => a.enrolled),
    [true, true],
  );
  t.deepEqual(
    JSON.parse(encodedBody(one)!.toString()).activities.map((a: { enrolled: boolean }) => a.enrolled),
    [false, true],
  );
  // Another key over the same rows is its own answer.
  t.deepEqual(Object.keys(listAnswer('other', cached, extra, mine)), ['other']);
  // Without a source, per-request fields are worked out for every answer.
  const before = calls;
  listAnswer('activities', cached, extra);
  listAnswer('activities', cached, extra);
  t.is(calls, before + 4);
});

test('a shared answer cannot be changed by whoever reads it', (t) => {
  const cached = rows.map((r) => ({ ...r }));
  const a = listAnswer('merchants', cached);
  t.is(listAnswer('merchants', cached), a);
  t.throws(() => {
    (a.merchants as unknown as object[]).push({});
  });
  t.throws(() => {
    (a.merchants[0] as { title: string }).title = 'changed';
  });
  t.is(JSON.parse(encodedBody(listAnswer('merchants', cached))!.toString()).merchants[0].title, '陪老人散步');
});
