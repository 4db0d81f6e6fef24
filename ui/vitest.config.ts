// Unit tests of the UI's own logic (src/**/*.test.ts), run by `make test` through `npm test`.
// The screens themselves are tested end to end against the real app (tests/e2e).
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: { include: ['src/**/*.test.ts'], environment: 'node' },
  }),
);
