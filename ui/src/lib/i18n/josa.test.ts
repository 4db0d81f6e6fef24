import { describe, expect, it, vi } from 'vitest';
import { grouped, josa, t, i18n, useLang } from './index.svelte';

describe('josa', () => {
  // The same cases as the backend's rule (crates/core/src/hangul.rs, `particle`), so a
  // sentence reads the same on the screen and on paper.
  it.each([
    ['뮤즈클리닉', '은', '은'],
    ['뮤즈의원', '은', '은'],
    ['하나병원', '는', '은'],
    ['서울치과', '은', '는'],
    ['하은환', '이', '이'],
    ['김민지', '이', '가'],
    ['클리닉', '과', '과'],
    ['서울', '으로', '로'],
    ['부산', '으로', '으로'],
    ['Muse Clinic', '은', '은(는)'],
    ['2층', '이', '이'],
    ['(주)메먼트 ', '은', '는'],
  ])('%s + %s = %s', (word, particle, expected) => {
    expect(josa(word, particle)).toBe(expected);
  });

  it('leaves a word it does not know as it is', () => {
    expect(josa('병원', '에서')).toBe('에서');
  });
});

describe('t', () => {
  // The language switch sets the page's lang attribute; there is no page here.
  globalThis.document ??= { documentElement: {} } as unknown as Document;

  it('formats a message of the shared Fluent files in the chosen language', async () => {
    expect(t('ui-app-name')).toBe('접수');
    // English is not loaded until chosen: until then the Korean text shows, never the id.
    i18n.lang = 'en';
    expect(t('ui-app-name')).toBe('접수');
    await useLang('en');
    expect(t('ui-app-name')).toBe('Jeopsu');
    await useLang('ko');
    expect(t('ui-app-name')).toBe('접수');
  });

  it('shows an unknown id as the id itself', () => {
    expect(t('ui-no-such-message')).toBe('ui-no-such-message');
  });

  it('writes whole numbers grouped in threes without asking Intl.NumberFormat', async () => {
    const numberFormat = vi.spyOn(Intl, 'NumberFormat');
    expect(t('ui-desk-count', { count: 3 })).toBe('3명을 찾았습니다.');
    expect(t('ui-desk-count', { count: 12345 })).toBe('12,345명을 찾았습니다.');
    // A plural selector still picks its variant by the number, and a string stays as given.
    await useLang('en');
    expect(t('ui-cctv-overdue-banner', { count: 1 })).toMatch(/^1 request is past/);
    expect(t('ui-cctv-overdue-banner', { count: 1200 })).toMatch(/^1,200 requests are past/);
    expect(t('ui-privacy-days-left', { days: 4, due: '2027-01-05' })).toBe('4 days left (until 2027-01-05)');
    await useLang('ko');
    expect(numberFormat).not.toHaveBeenCalled();
    numberFormat.mockRestore();
  });
});

describe('grouped', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [200000, '200,000'],
    [1234567, '1,234,567'],
    [-4005, '-4,005'],
  ])('%d is written %s', (n, expected) => {
    expect(grouped(n)).toBe(expected);
  });
});
