import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is served by the app itself (tauri custom protocol): relative paths, no dev server in
// the product, fonts as files (the CSP allows fonts from 'self' only, not data: URLs).
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  // The sign-in screen's bundle, and one chunk per screen fetched when first shown (App.svelte,
  // Shell.svelte): read from the app's own binary, so a request costs little, and the start
  // parses less. The warning is kept for a real jump.
  build: {
    outDir: 'dist',
    target: 'safari15',
    assetsInlineLimit: 0,
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: { fs: { allow: ['..'] } },
});
