// ESLint for the UI (run by `make test`): the recommended rules of ESLint, typescript-eslint and
// eslint-plugin-svelte, with the project's TypeScript config for the Svelte files' scripts.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  { ignores: ['dist/', 'node_modules/', 'src/lib/generated/'] },
);
