// The floor's Svelte page (bench/baseline-app, scripts/bench-app.sh): Svelte's runtime, one
// component, and the app's own message module (the same Korean files, parsed by the same code
// the first bundle runs). It asks the floor nothing but to report its first frame (ready.js).
import { mount } from 'svelte';
import { t } from '../src/lib/i18n/index.svelte';
import Hello from './Hello.svelte';

mount(Hello, { target: document.body, props: { word: (id: string) => t(id) } });
