import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is served by the app itself (tauri custom protocol): relative paths, no dev server in
// the product, fonts as files (the CSP allows fonts from 'self' only, not data: URLs).
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  build: { outDir: 'dist', target: 'safari15', assetsInlineLimit: 0, emptyOutDir: true },
  server: { fs: { allow: ['..'] } },
});
