import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Feature modules of the API: the realtime transport knows none of them. */
const API_FEATURES = ['auth', 'members', 'messages', 'rooms', 'reading', 'users', 'online', 'events'].map(
  (feature) => `**/${feature}/**`,
);

/** An import the layer below may not make; type-only imports of its callers' shapes stay allowed. */
const forbid = (group, message) => ({ group, message, allowTypeImports: true });

/** The apps share only the contracts. */
const NOT_THE_WEB_APP = {
  group: ['**/apps/web/**', '@parley/web', '@parley/web/**'],
  message: 'the API shares only @parley/contracts with web',
};

/** The API's import rule for a set of files: never the web app, and never what `layer` forbids. */
const apiImports = (...layer) => ['error', { patterns: [NOT_THE_WEB_APP, ...layer] }];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'reports/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      // `void promise` is no escape: a background task catches and logs, or a rejection takes the process down.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'apps/api/**/*.ts', 'libs/**/*.ts', 'apps/web/e2e/**/*.ts', 'apps/web/*.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.vue'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['apps/web/public/sw.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  // The apps share only the contracts; the API's realtime layers (docs/architecture.md) each use the ones below them,
  // never one above. (A later block's rule replaces an earlier one's for its files, so each carries the whole rule.)
  { files: ['apps/api/**/*.ts'], rules: { 'no-restricted-imports': apiImports() } },
  {
    files: ['apps/api/src/realtime/policy/**/*.ts'],
    rules: {
      'no-restricted-imports': apiImports(
        forbid(
          ['**/state/**', '**/transport/**', '**/orchestration/**', '**/client-events/**', ...API_FEATURES],
          'realtime/policy holds pure rules: it imports nothing of the app',
        ),
      ),
    },
  },
  {
    files: ['apps/api/src/realtime/state/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': apiImports(
        forbid(
          ['**/transport/**', '**/orchestration/**', '**/client-events/**', ...API_FEATURES],
          'realtime/state is below the transport and orchestration, and knows no feature',
        ),
      ),
    },
  },
  {
    files: ['apps/api/src/realtime/transport/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': apiImports(
        forbid(
          ['**/orchestration/**', '**/client-events/**', ...API_FEATURES],
          'realtime/transport calls nothing above it: it asks through the ports in transport/ports.ts',
        ),
      ),
    },
  },
  {
    files: ['apps/api/src/realtime/orchestration/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': apiImports(
        forbid(['**/client-events/**'], 'the client-event table is above orchestration: it calls it'),
      ),
    },
  },
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/api/**', '@parley/api', '@parley/api/**'],
              message: 'web shares only @parley/contracts with the API',
            },
          ],
        },
      ],
    },
  },
);
