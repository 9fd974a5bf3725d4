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
// The jobs package (`@bazaar/jobs`) declares the services each family needs; the server implements
// them. It never imports the server: the direction is server → jobs only.
const jobsImportServer = {
  files: ['jobs/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)server/|^@bazaar/server',
            message:
              '@bazaar/jobs depends only on @bazaar/shared: declare what a family needs as its services interface (docs/architecture.md).',
          },
        ],
      },
    ],
  },
};
const moduleBoundaries = (files, patterns) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

// Repositories own all data access (docs/architecture.md): SQL text anywhere else in the server or the
// job handlers fails lint. The patterns are SQL statement openings, upper case as we write them.
const sqlStatement =
  '/^\\s*(SELECT\\s|INSERT\\s+INTO\\s|INSERT\\s+IGNORE\\s|UPDATE\\s+\\w+\\s|DELETE\\s+FROM\\s|REPLACE\\s+INTO\\s|WITH\\s+\\w+\\s+AS\\s)/';
const sqlOutsideRepository = 'SQL belongs in a repository (*.repository.ts) of the module that owns the table: see docs/architecture.md.';
const noSqlOutsideRepositories = {
  files: ['server/src/**/*.ts', 'jobs/**/*.ts'],
  ignores: ['**/*.repository.ts', 'server/src/db/**', '**/*.test.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: `Literal[value=${sqlStatement}]`, message: sqlOutsideRepository },
      { selector: `TemplateLiteral > TemplateElement:first-child[value.raw=${sqlStatement}]`, message: sqlOutsideRepository },
    ],
  },
};

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
  jobsImportServer,
  noSqlOutsideRepositories,
  prettierConfig,
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', 'bench/**', 'client/src/test-setup.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
);
