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
    // Page code reads only what the clinician can see (utils/context/shown-text.ts): text a page holds
    // but does not show must never name a patient.
    files: ['utils/context/**/*.ts', 'utils/policy/rule-trial.ts', 'entrypoints/epr-page.ts', 'entrypoints/reader-*.ts', 'entrypoints/rule-tester.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'textContent', message: 'Read only what is on screen: shownText() in utils/context/shown-text.ts.' },
        { property: 'innerText', message: 'Read only what is on screen: shownText() in utils/context/shown-text.ts.' },
        { property: 'innerHTML', message: 'Page code only reads, and never markup: shownText() in utils/context/shown-text.ts.' },
      ],
    },
  },
  {
    // The sandbox, demo, benchmarks and e2e are command-line tools: printing is what they do.
    files: ['sandbox/**', 'demo/**', 'bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
);
