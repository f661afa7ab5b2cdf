// Lint rules that keep the layers apart (STYLE.md "Layout and boundaries").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'renderer/dist/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core/ is a library: no hosts, no console, no process-wide state.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core/ never imports Electron.' },
            {
              group: ['**/cli/**', '**/main/**', '**/renderer/**', '**/sandbox/**'],
              message: 'core/ depends on nothing above it.',
            },
            { group: ['react', 'react-dom'], message: 'core/ has no UI.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core/ takes options, not process-wide state.' },
        { name: 'console', message: 'core/ reports through callbacks/events, never the console.' },
        { name: 'window', message: 'core/ has no DOM.' },
        { name: 'document', message: 'core/ has no DOM.' },
      ],
      'no-console': 'error',
    },
  },
  {
    // The renderer sees only the bridge's types; files, Node and the token stay in main/.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'electron'],
              message: 'The renderer never touches Node.',
            },
            {
              group: ['**/core/**', '**/cli/**', '**/sandbox/**'],
              message: 'The renderer talks to main through the bridge only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**/*.ts', 'main/**/*.ts', 'sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'Hosts do not import the renderer.' }] },
      ],
    },
  },
  {
    // The CLI imports the core modules it uses: core/index.ts starts every module of core, paid by
    // each command at each start (docs/benchmarks.md). Repeats the hosts' rule: this one replaces it.
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'Hosts do not import the renderer.' },
            {
              group: ['**/core/index.ts'],
              message: "Import the core module that holds it: core's index starts all of core.",
            },
          ],
        },
      ],
    },
  },
  {
    // Counts in the CLI's words: ICU's first number format costs a command ≈ 20–30 ms of CPU at each start.
    files: ['core/**/*.ts', 'cli/**/*.ts'],
    ignores: ['core/thousands.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toLocaleString']",
          message:
            "Write a count with thousands() (core/thousands.ts): ICU's number format costs each start ≈ 25 ms.",
        },
      ],
    },
  },
);
