/**
 * The house's rules (docs/architecture.md), checked by `npm run lint`: the layers of utils/ point only
 * down, and page code (what the content script loads) imports nothing but what both runtimes share.
 * Tests may reach across (they import test support and the sandbox); shipped code may not.
 */
/** utils/ folders, lowest first: a folder may import only from folders before it in this list. */
const LAYERS = ['shared', 'fhir', 'vocabulary', 'settings', 'record', 'storage', 'audit', 'context', 'prefetch', 'tasks', 'highlights', 'push', 'notifications', 'messaging', 'background'];
const TESTS = '\\.test\\.tsx?$';

// The storage contract (utils/shared/state.ts) names each stored value's type, owned by the layer that
// keeps it: type-only imports, erased at build, so no code runs upward. No other module has this licence.
const STATE = '^utils/shared/state\\.ts$';

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `utils/${layer} may import only from the layers below it (${LAYERS.slice(0, i).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^utils/${layer}/`, pathNot: TESTS },
  to: { path: `^utils/(${[...LAYERS.slice(i + 1), 'page'].join('|')})/` },
}));

const stateUpward = {
  name: 'state-names-types-only',
  comment: 'utils/shared/state.ts may import the stored values\' types from any layer, and nothing else from above',
  severity: 'error',
  from: { path: STATE },
  to: { path: `^utils/(${LAYERS.slice(1).join('|')}|page)/`, dependencyTypesNot: ['type-only'] },
};

module.exports = {
  forbidden: [
    ...upward.map((rule) => (rule.name === 'layer-shared' ? { ...rule, from: { ...rule.from, pathNot: `${TESTS}|${STATE}` } } : rule)),
    stateUpward,
    {
      name: 'page-code-stays-apart',
      comment: 'Page code (utils/page, the content script and the rule tester) imports only what both runtimes share',
      severity: 'error',
      from: { path: '^(utils/page/|entrypoints/epr-page\\.ts|entrypoints/rule-tester\\.ts)', pathNot: TESTS },
      to: { path: '^(utils/(?!page/|shared/)|components/)' },
    },
    {
      name: 'page-code-stays-small',
      comment: 'No Preact, Dexie, FHIR types at run time or polyfill in page code: it detects and reports, nothing more',
      severity: 'error',
      from: { path: '^(utils/page/|utils/shared/|entrypoints/epr-page\\.ts)', pathNot: TESTS },
      to: { dependencyTypes: ['npm'], path: 'node_modules/(preact|dexie|oauth4webapi|date-fns|@medplum/core|webextension-polyfill)' },
    },
    {
      name: 'page-code-reads-no-state',
      comment: 'The EPR page\'s script reads only its readers\' configuration (utils/shared/reader-config.ts), never the storage items',
      severity: 'error',
      from: { path: '^(utils/page/|entrypoints/epr-page\\.ts)', pathNot: TESTS },
      to: { path: STATE },
    },
    {
      name: 'nothing-imports-page-code',
      comment: 'Only the content script, the rule tester and page code itself load page code',
      severity: 'error',
      from: { path: '^(utils/(?!page/)|components/|entrypoints/(?!epr-page\\.ts|rule-tester\\.ts))', pathNot: TESTS },
      to: { path: '^utils/page/' },
    },
    {
      name: 'no-circular',
      comment: 'No import circles',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    exclude: { path: '(^|/)(node_modules|\\.output|\\.wxt|\\.tools)/' },
  },
};
