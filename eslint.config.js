// Syntax-only rules (no type information) so that `npm run lint` stays a few seconds on the whole tree; the type
// checker (`npm run typecheck`) covers what type-aware rules would add.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  {
    ignores: ['dist/', 'data/', 'node_modules/', '.tmp/', 'coverage/', 'test-results/', 'server/db/migrations/'],
  },
  {
    // A disable comment that no longer suppresses anything hides the fact that the rule would now pass.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['web/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `== null` is the one loose comparison that says what it means (null or undefined).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      'no-constructor-return': 'error',
      'no-throw-literal': 'error',
      'no-var': 'error',
      // It wants a `cause` on every built-in Error thrown inside a catch, also one that reports a new condition
      // rather than wrapping the caught error (lockDataDir's "in use by another process" on EEXIST).
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // A missing dependency is a stale-closure bug, not a matter of style: fail the build, don't just warn.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
]);
