// Every visible string comes from the shared Fluent files in assets/locales, the same files the
// backend and the printed forms use. A missing id shows as the id itself, and a Rust test
// (jeopsu-i18n) fails when the UI uses an id that either language lacks.
import {
  FluentBundle,
  FluentNone,
  FluentNumber,
  FluentResource,
  type FluentValue,
  type FluentVariable,
  type Scope,
} from '@fluent/bundle';

export type Lang = 'ko' | 'en';

// The files the screens use (the CLI's and the error messages are the backend's: the app gets its
// errors already worded). Korean, the clinic's language, is in the first bundle; English is
// fetched the first time someone chooses it (`useLang`), so the start parses one language.
const korean = import.meta.glob('../../../../assets/locales/ko/{ui,forms,consent,privacy,cctv}.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const english = import.meta.glob('../../../../assets/locales/en/{ui,forms,consent,privacy,cctv}.ftl', {
  query: '?raw',
  import: 'default',
}) as Record<string, () => Promise<string>>;
const sources: Partial<Record<Lang, string[]>> = { ko: Object.values(korean) };

// Either form names the pair, as in the backend: JOSA($w, "는") is the same as JOSA($w, "은").
const PAIRS: Record<string, [string, string]> = Object.fromEntries(
  (
    [
      ['은', '는'],
      ['이', '가'],
      ['을', '를'],
      ['과', '와'],
      ['으로', '로'],
      ['이에요', '예요'],
    ] as [string, string][]
  ).flatMap((pair) => [
    [pair[0], pair],
    [pair[1], pair],
  ]),
);

/** JOSA($word, "은"): the particle the word's last letter calls for. The same rule as the
 * backend's Fluent function (jeopsu_core::hangul::particle), so a message reads the same in the
 * app and on paper; the i18n crate's tests hold both to the same cases. */
export function josa(word: string, afterConsonant: string): string {
  const pair = PAIRS[afterConsonant];
  if (!pair) return afterConsonant;
  const letters = [...word.trim().replace(/[^\p{L}\p{N}]+$/u, '')];
  const code = letters.length ? letters[letters.length - 1].codePointAt(0)! : 0;
  if (code < 0xac00 || code > 0xd7a3) return `${pair[0]}(${pair[1]})`;
  const final = (code - 0xac00) % 28;
  return final === 0 || (pair[0] === '으로' && final === 8) ? pair[1] : pair[0];
}

function bundle(lang: Lang): FluentBundle {
  const b = new FluentBundle(lang, {
    useIsolating: false,
    functions: {
      JOSA: ([word, p]: FluentValue[]) =>
        typeof p === 'string' || (p && typeof p.valueOf() === 'string')
          ? josa(String(word?.valueOf() ?? ''), String(p.valueOf()))
          : new FluentNone(),
    },
  });
  for (const text of sources[lang] ?? []) b.addResource(new FluentResource(text));
  return b;
}

// Each language's messages are parsed when first shown: the one not in use costs no memory.
const bundles: Partial<Record<Lang, FluentBundle>> = {};
const bundleOf = (lang: Lang): FluentBundle =>
  sources[lang] ? (bundles[lang] ??= bundle(lang)) : (bundles.ko ??= bundle('ko'));
let current = $state<Lang>('ko');

/** Makes `lang`'s messages ready (English is fetched the first time), then shows it. */
export async function useLang(lang: Lang): Promise<void> {
  if (!sources[lang]) {
    const texts = await Promise.all(Object.values(english).map((load) => load()));
    sources[lang] ??= texts;
  }
  i18n.lang = lang;
}

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(l: Lang) {
    current = l;
    document.documentElement.lang = l;
  },
};

/** `1234` as `1,234`: digits grouped in threes, as Korean and English both write them. */
export function grouped(n: number): string {
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** A whole number in a message (a count, a queue number), written by `grouped` rather than by the
 * browser's Intl.NumberFormat: that one loads ICU's number formatting into the web process for
 * the desk's "N명을 찾았습니다" alone (BENCHMARKS.md, "ICU on the desk"). A plural selector still
 * asks Intl.PluralRules, as before; any other number keeps Fluent's own formatting. */
class WholeNumber extends FluentNumber {
  toString(scope?: Scope): string {
    return Number.isSafeInteger(this.value) ? grouped(this.value) : super.toString(scope);
  }
}

export function t(id: string, args?: Record<string, string | number>): string {
  const b = bundleOf(current);
  const m = b.getMessage(id);
  if (!m?.value) return id;
  let vars: Record<string, FluentVariable> | undefined;
  if (args) {
    vars = {};
    for (const [k, v] of Object.entries(args)) vars[k] = typeof v === 'number' ? new WholeNumber(v) : v;
  }
  return b.formatPattern(m.value, vars);
}
