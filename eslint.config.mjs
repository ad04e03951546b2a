// ESLint: the layering zones (lint/layers.mjs), SQL only in store/, and the recommended rules of typescript-eslint
// and eslint-plugin-svelte.
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import { layerRule } from './lint/layers.mjs';

const sqlOutsideStore = {
  selector: "CallExpression[callee.property.name='prepare']",
  message: 'SQL lives in src-main/store/: add a function there and call it.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'models/**',
      '**/*.generated.ts',
      'bench-results/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { hark: { rules: { layers: layerRule } } },
    rules: {
      'hark/layers': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/store/**'],
    rules: { 'no-restricted-syntax': ['error', sqlOutsideStore] },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    // A Set or Map built inside a function for one look-up is never state; reactive collections are $state arrays.
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
);
