// The floor's Svelte page (bench/baseline-app, scripts/bench-app.sh): Svelte's runtime, one
// component, and the same Korean message files the app's first bundle parses with the same
// library. It asks the floor nothing but to report its first frame (ready.js does that).
import { mount } from 'svelte';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import Hello from './Hello.svelte';

const korean = import.meta.glob('../../assets/locales/ko/{ui,forms,consent,privacy,cctv}.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const bundle = new FluentBundle('ko', { useIsolating: false });
for (const text of Object.values(korean)) bundle.addResource(new FluentResource(text));
const word = (id: string): string => {
  const m = bundle.getMessage(id);
  return m?.value ? bundle.formatPattern(m.value) : id;
};

mount(Hello, { target: document.body, props: { word } });
