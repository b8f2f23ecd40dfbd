// Lint rules for the whole repository; run as `eslint --config tests/eslint.config.mjs .`
// (the config sits in tests/ to keep the repository's top level to the agreed layout).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        browser: 'readonly',
        defineBackground: 'readonly',
        defineContentScript: 'readonly',
        createShadowRootUi: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Node scripts (demo CRM, e2e, benchmarks) print progress and results.
    files: ['tests/**/*.{mjs,js,ts}', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
);
