// `npm run lint`: typescript-eslint on every TypeScript source (tests, benches and scripts too), the Lit and
// web-components rules on the elements, Prettier for layout (`npm run format` writes it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/server/sdk/**',
      'packages/server/public/**',
      'examples/**/*.html',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `interface GlobalEventHandlersEventMap extends LiveShopEventMap {}`: how a global map is augmented.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // One program over sources, tests and benches (tsconfig.tests.json), so the rules that need types see all of it.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.tests.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits or catches is how a server crashes on client input: every one is handled or marked `void`.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      // `typeof import('./x.js')` types a lazily loaded module without loading it.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    // Tests, benches and scripts are programs that report to a console; their non-null assertions are the assertion.
    files: ['**/*.test.ts', '**/src/testing/**', '**/src/test/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**'],
    // Chai's property assertions (`expect(x).to.exist`) are expressions.
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // The command line reports to its terminal.
    files: ['packages/server/src/cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Kysely's documented migration pattern: a migration must not depend on today's table types.
    files: ['packages/server/src/store/migrations.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // @open-wc/semantic-dom-diff types every chai `.equal` as a promise (for its DOM diffs), so in the browser
    // tests the rule would flag each plain assertion; their awaits are checked by the tests failing instead.
    files: ['packages/elements/src/**/*.test.ts', 'packages/client/src/**/*.browser.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
