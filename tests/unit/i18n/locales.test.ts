import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intlLocale, isLocale, localeCookie, localeFromAcceptLanguage, parseAcceptLanguage, resolveLocale } from '../../../i18n/locales.ts';

describe('Accept-Language', () => {
  it('orders ranges by weight, keeping the header order between equal weights', () => {
    assert.deepEqual(parseAcceptLanguage('en;q=0.5, ko-KR, fr;q=0.9, ko;q=0.9'), [
      { tag: 'ko-kr', q: 1 },
      { tag: 'fr', q: 0.9 },
      { tag: 'ko', q: 0.9 },
      { tag: 'en', q: 0.5 },
    ]);
  });

  it('drops ranges refused with q=0 and ranges with a malformed tag or weight', () => {
    assert.deepEqual(parseAcceptLanguage('ko;q=0, en;q=2, fr;q=abc, de;q=0.7, <script>, , *;q=0.1'), [
      { tag: 'de', q: 0.7 },
      { tag: '*', q: 0.1 },
    ]);
    assert.deepEqual(parseAcceptLanguage(''), []);
    assert.deepEqual(parseAcceptLanguage(null), []);
  });

  it('picks the most preferred language we have: Korean for ko and its regions, English for en', () => {
    assert.equal(localeFromAcceptLanguage('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7'), 'ko');
    assert.equal(localeFromAcceptLanguage('en-US,en;q=0.9,ko;q=0.8'), 'en');
    assert.equal(localeFromAcceptLanguage('KO'), 'ko');
    // The weights decide, not the order.
    assert.equal(localeFromAcceptLanguage('en;q=0.4, ko;q=0.6'), 'ko');
    // A language we do not have is passed over for the next one we do.
    assert.equal(localeFromAcceptLanguage('fr-FR, ko;q=0.5'), 'ko');
    // None of ours (or only the wildcard): no opinion, the default applies.
    assert.equal(localeFromAcceptLanguage('fr, de;q=0.8, *;q=0.5'), undefined);
    // "kok" (Konkani) is not Korean.
    assert.equal(localeFromAcceptLanguage('kok'), undefined);
  });
});

describe('the request locale', () => {
  it('takes a remembered choice first, whatever the browser says', () => {
    assert.equal(resolveLocale({ cookie: 'en', acceptLanguage: 'ko-KR,ko' }), 'en');
    assert.equal(resolveLocale({ cookie: 'ko', acceptLanguage: 'en-US' }), 'ko');
  });

  it('ignores a cookie that names no locale of ours, and falls back to Accept-Language', () => {
    assert.equal(resolveLocale({ cookie: 'fr', acceptLanguage: 'ko' }), 'ko');
    assert.equal(resolveLocale({ cookie: 'KO', acceptLanguage: 'en' }), 'en');
    assert.equal(resolveLocale({ cookie: '', acceptLanguage: 'ko-KR' }), 'ko');
  });

  it('is English when neither says anything usable', () => {
    assert.equal(resolveLocale({ cookie: undefined, acceptLanguage: undefined }), 'en');
    assert.equal(resolveLocale({ cookie: 'xx', acceptLanguage: 'ja-JP,zh;q=0.9' }), 'en');
    assert.equal(resolveLocale({ cookie: null, acceptLanguage: ';;q=,' }), 'en');
  });
});

describe('locale helpers', () => {
  it('knows its locales only', () => {
    assert.equal(isLocale('ko'), true);
    assert.equal(isLocale('en'), true);
    assert.equal(isLocale('ko-KR'), false);
    assert.equal(isLocale(undefined), false);
  });

  it('remembers a choice site-wide for a year', () => {
    assert.equal(localeCookie('ko'), 'tw_locale=ko; Path=/; Max-Age=31536000; SameSite=Lax');
  });

  it('formats Korean as in Korea', () => {
    assert.equal(intlLocale('ko'), 'ko-KR');
    assert.equal(intlLocale('en'), 'en-US');
  });
});
