// Every visible string comes from the shared Fluent files in assets/locales, the same files the
// backend and the printed forms use. A missing id shows as the id itself, and a Rust test
// (jeopsu-i18n) fails when the UI uses an id that either language lacks.
import { FluentBundle, FluentResource } from '@fluent/bundle';

export type Lang = 'ko' | 'en';

const sources = import.meta.glob('../../../../assets/locales/*/*.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function bundle(lang: Lang): FluentBundle {
  const b = new FluentBundle(lang, { useIsolating: false });
  for (const [path, text] of Object.entries(sources)) {
    if (path.includes(`/locales/${lang}/`)) b.addResource(new FluentResource(text));
  }
  return b;
}

const bundles: Record<Lang, FluentBundle> = { ko: bundle('ko'), en: bundle('en') };
let current = $state<Lang>('ko');

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(l: Lang) {
    current = l;
    document.documentElement.lang = l;
  },
};

export function t(id: string, args?: Record<string, string | number>): string {
  const b = bundles[current];
  const m = b.getMessage(id);
  if (!m?.value) return id;
  return b.formatPattern(m.value, args);
}
