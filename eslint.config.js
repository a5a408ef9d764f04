// ESLint 10 flat config: typescript-eslint's type-aware recommended rules over the TypeScript
// sources, benchmarks and scripts (../shared/STACK.md), with the options this code base relies
// on; the few plain .mjs files (the test runner, the worker loader) get the JavaScript rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = { process: 'readonly', console: 'readonly', URL: 'readonly' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'test-output/**', 'dist/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers and booleans in messages are the point of most template strings here.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // node:test's describe/it/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      // `x[i] as number` under noUncheckedIndexedAccess is deliberate; where the rule calls it
      // unnecessary, removing it breaks `tsc` in places (typed-array and {} literal types).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Async methods that implement a Promise-returning interface (Store, migrations, test stubs)
      // keep `async` so a throw becomes a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.mjs', 'eslint.config.js', 'bin/*.js'], languageOptions: { globals: node } },
);
