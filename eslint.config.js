// Lint that catches real bugs (see ../shared/STYLE.md): floating promises, type-only imports kept
// type-only (so a service's code never lands in the content script), exhaustive switches.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', '.tools/**', 'demo-output/**', 'bench-output/**', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The sandbox, demo, benchmarks and e2e are command-line tools: printing is what they do.
    files: ['sandbox/**', 'demo/**', 'bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
);
