import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The floor's Svelte page (ui/bench-hello), built into the floor's own dist by
// scripts/bench-app.sh before the floor is compiled: one file, as the floor's CSP serves it.
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  publicDir: false,
  build: {
    outDir: '../bench/baseline-app/dist/hello',
    emptyOutDir: true,
    target: 'safari15',
    modulePreload: false,
    rollupOptions: { input: 'bench-hello/main.ts', output: { entryFileNames: 'hello.js' } },
  },
  server: { fs: { allow: ['..'] } },
});
