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
    // Page code reads only what the clinician can see (utils/page/shown-text.ts): text a page holds
    // but does not show must never name a patient.
    files: ['utils/page/**/*.ts', 'utils/shared/**/*.ts', 'entrypoints/epr-page.ts', 'entrypoints/rule-tester.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'textContent', message: 'Read only what is on screen: shownText() in utils/page/shown-text.ts.' },
        { property: 'innerText', message: 'Read only what is on screen: shownText() in utils/page/shown-text.ts.' },
        { property: 'innerHTML', message: 'Page code only reads, and never markup: shownText() in utils/page/shown-text.ts.' },
      ],
    },
  },
  {
    // One storage contract (utils/shared/state.ts): every key typed and declared once, every listener
    // filtered by its item. The content script's reader settings are the one exception, read raw to keep
    // the page's script small (utils/shared/reader-config.ts).
    files: ['utils/**/*.ts', 'components/**/*.tsx', 'components/**/*.ts', 'entrypoints/**/*.ts', 'entrypoints/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'utils/shared/state.ts', 'utils/shared/reader-config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='storage'][object.name=/^(browser|chrome)$/]",
          message: 'Read and write extension storage through the typed items in utils/shared/state.ts.',
        },
      ],
    },
  },
  {
    // The sandbox, demo, benchmarks and e2e are command-line tools: printing is what they do.
    files: ['sandbox/**', 'demo/**', 'bench/**', 'e2e/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
