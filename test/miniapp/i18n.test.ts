/** 中文 / English: every key has both languages, placeholders match, errors follow the language. */
import { errorMessage } from '@timebank/shared';
import test from 'ava';
import { messageForCode, NETWORK_ERROR } from '../../miniapp/src/logic/errors';
import { asLang, dict, LANGS, t, tabLabels } from '../../miniapp/src/logic/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every key has a Chinese and an English text', (t_) => {
  for (const [key, texts] of Object.entries(dict)) {
    for (const lang of LANGS) {
      t_.true(typeof texts[lang] === 'string' && texts[lang].trim().length > 0, `${key} lacks ${lang}`);
    }
  }
});

test('both languages use the same placeholders', (t_) => {
  for (const [key, texts] of Object.entries(dict)) {
    t_.deepEqual(placeholders(texts.zh), placeholders(texts.en), key);
  }
});

test('English texts are not left in Chinese', (t_) => {
  for (const [key, texts] of Object.entries(dict)) {
    if (key === 'common.languageLabel') continue; // "Language 语言" names both on purpose
    t_.false(/[\u4e00-\u9fff]/.test(texts.en), `${key}: ${texts.en}`);
  }
});

test('t fills placeholders and defaults to Chinese', (t_) => {
  t_.is(t('activities.hello', 'zh', { name: '王阿姨' }), '王阿姨，您好');
  t_.is(t('activities.hello', 'en', { name: 'Wang' }), 'Hello, Wang');
  t_.is(t('tab.me'), '我的');
  t_.is(t('activities.places', 'en', { left: 3, cap: 10, pts: 1 }), '3 of 10 places left · 1 points an hour');
  // a missing variable stays visible rather than printing "undefined"
  t_.is(t('common.address', 'en', {}), 'Address: {v}');
});

test('stored values become a language; anything unknown is Chinese', (t_) => {
  t_.is(asLang('en'), 'en');
  t_.is(asLang('zh'), 'zh');
  t_.is(asLang(null), 'zh');
  t_.is(asLang('fr'), 'zh');
});

test('the tab bar has four labels in each language', (t_) => {
  t_.deepEqual(tabLabels('zh'), ['活动', '签到', '我的', '商家']);
  t_.deepEqual(tabLabels('en'), ['Activities', 'Check in', 'Me', 'Shops']);
});

test('error messages follow the language', (t_) => {
  t_.is(messageForCode('activities.full', undefined, 'en'), errorMessage('activities.full', 'en'));
  t_.is(messageForCode('verify.code_reused', undefined, 'en').length > 0, true);
  t_.false(/[\u4e00-\u9fff]/.test(messageForCode(NETWORK_ERROR, undefined, 'en')));
  t_.is(messageForCode('request.invalid', [{ path: 'title' }], 'en'), 'Please check "title"');
  t_.is(messageForCode('activities.full'), errorMessage('activities.full', 'zh'));
});
