import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is served by the app itself (tauri custom protocol): relative paths, no dev server in
// the product, fonts as files (the CSP allows fonts from 'self' only, not data: URLs).
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  // One chunk on purpose: it is read from the app's own binary, never over a network, so
  // splitting it would only add requests. The warning is kept for a real jump (it is ~500 kB).
  build: {
    outDir: 'dist',
    target: 'safari15',
    assetsInlineLimit: 0,
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: { fs: { allow: ['..'] } },
});
