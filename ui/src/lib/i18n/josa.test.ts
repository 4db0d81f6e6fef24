import { describe, expect, it } from 'vitest';
import { josa, t, i18n, useLang } from './index.svelte';

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
});
