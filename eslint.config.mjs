import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

// One module per concept under server/src/modules, and its index.ts is its only public surface
// (docs/architecture.md): code outside a module imports `../<module>` or `./modules/<module>`,
// never a file inside it. Tests may import internals.
const deepImport = 'Import the module through its index.ts ("../<module>"), not a file inside it: see docs/architecture.md.';
/** `./modules/cart/cart.service`, `../modules/ops/backup`, `../../src/modules/x/y`… */
const intoModuleByPath = { regex: '(^|/)modules/[^/]+/', message: deepImport };
/** From server/src/modules/<m>/<file>.ts: `../<other>/<file>` (`../<other>` and `../../lib/…` are fine). */
const intoSiblingModule = { regex: '^\\.\\./[^./][^/]*/', message: deepImport };
/** From server/src/modules/<m>/<folder>/<file>.ts: `../../<other>/<file>`. */
const intoSiblingModuleFromFolder = { regex: '^\\.\\./\\.\\./[^./][^/]*/', message: deepImport };
const moduleBoundaries = (files, patterns) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'client/dev-dist/**',
      '**/coverage/**',
      '.data/**',
      'client/dev-dist/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  moduleBoundaries(['server/src/**/*.ts'], [intoModuleByPath]),
  moduleBoundaries(['server/src/modules/*/*.ts'], [intoModuleByPath, intoSiblingModule]),
  moduleBoundaries(['server/src/modules/*/*/*.ts'], [intoModuleByPath, intoSiblingModuleFromFolder]),
  prettierConfig,
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', 'bench/**', 'client/src/test-setup.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
