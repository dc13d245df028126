// Lint for the whole pack: TypeScript with type-aware rules where they catch real bugs (promises nobody awaits,
// async callbacks where Node-RED expects sync ones), the editor files' inline scripts (eslint-plugin-html), the
// shared editor script, and the plain-JS scripts. `.only` in a test fails the lint (and mocha's forbid-only).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import html from 'eslint-plugin-html';
import noOnlyTests from 'eslint-plugin-no-only-tests';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.node-red/**', '.work/**', 'test-output/**', 'resources/civic-enums.js',
    'flows/**/*.json', 'examples/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // `const node = this` is the Node-RED idiom for the node inside callbacks
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
    },
  },
  {
    // Tests and benches load the plain-JS scripts (scripts/*.js) by path, and print their results.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    plugins: { 'no-only-tests': noOnlyTests },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
      'no-only-tests/no-only-tests': 'error',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'plugins/**/*.js', 'flows/settings.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    // Editor side: the inline scripts of nodes/*/*.html and the shared editor script run in the browser.
    files: ['nodes/**/*.html', 'resources/**/*.js'],
    plugins: { html },
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, RED: 'readonly', $: 'readonly', jQuery: 'readonly', CivicEditor: 'readonly', CivicEnums: 'readonly' },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
