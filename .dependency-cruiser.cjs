// The layering of docs/architecture.md, checked by `npm run layers` (run by `npm test` and so in CI):
//   model  <-  persistence, settings  <-  adapters  <-  screens  <-  cli
// An arrow points at what a layer may import. test/layers.test.ts shows each rule fails on a violation.

/** The adapter layer's shared services: everything else under src/adapters/<folder>/ is one adapter. */
const SHARED = '(plan|executor|export|quoting)';
const ADAPTER_FOLDER = `^src/adapters/(?!${SHARED}/)[^/]+/`;
/** Node's modules that reach outside the process: the model uses none of them. */
const IO = '^(node:)?(fs|fs/promises|child_process|net|tls|dgram|dns|http|https|http2|os|worker_threads|cluster|readline|process)$';
const IO_PACKAGES = '^node_modules/(conf|execa|proper-lockfile|write-file-atomic|@napi-rs/keyring|ink|react|ink-[^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'A file cycle, type-only imports included: two modules that need each other cannot be read, tested or moved apart (put the shared types in a file of their own).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'model-imports-no-higher-layer',
      severity: 'error',
      comment: 'src/model is the bottom layer: it imports nothing from persistence, settings, adapters, screens or cli.',
      from: { path: '^src/model/' },
      to: { path: '^src/(persistence|settings|adapters|screens|cli)/' },
    },
    {
      name: 'model-does-no-io',
      severity: 'error',
      comment: 'src/model is free of I/O and UI: disk, processes and the network belong to persistence and the adapters.',
      from: { path: '^src/model/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: [IO, IO_PACKAGES] },
    },
    {
      name: 'persistence-below-adapters',
      severity: 'error',
      comment: 'persistence and settings serve the layers above them and import none of them.',
      from: { path: '^src/(persistence|settings)/' },
      to: { path: '^src/(adapters|screens|cli)/' },
    },
    {
      name: 'persistence-one-entry',
      severity: 'error',
      comment:
        'Outside src/persistence, import persistence from its entry point src/persistence/index.ts only (or tables.ts, its part that loads no model, for what runs before a model is loaded).',
      from: { path: '^src/', pathNot: '^src/persistence/' },
      to: { path: '^src/persistence/', pathNot: '^src/persistence/(index|tables)\\.ts$' },
    },
    {
      name: 'adapters-below-screens',
      severity: 'error',
      comment: 'The adapters know nothing of the console or the command line.',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(screens|cli)/' },
    },
    {
      name: 'screens-below-cli',
      severity: 'error',
      comment: 'The console is started by the cli, never the other way round.',
      from: { path: '^src/screens/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'screens-and-cli-use-the-adapter-interface',
      severity: 'error',
      comment:
        "The console and the cli reach an adapter through its interface (src/adapters/types.ts, registry.ts) and the shared services (plan/, executor/, export/), never into one adapter's folder.",
      from: { path: '^src/(screens|cli)/' },
      to: { path: ADAPTER_FOLDER },
    },
    {
      name: 'shared-adapter-services-know-no-adapter',
      severity: 'error',
      comment: 'plan/, executor/, export/ and quoting/ work for every adapter: they find one through the registry, never by import.',
      from: { path: `^src/adapters/${SHARED}/` },
      to: { path: ADAPTER_FOLDER },
    },
    {
      name: 'adapters-use-each-other-by-index',
      severity: 'error',
      comment:
        "One adapter uses another only through that adapter's index.ts, never its internals. The one exception is the seed's procedure in words (runbook/steps.ts), which windows2003 lists as its manual steps.",
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: ADAPTER_FOLDER, pathNot: ['^src/adapters/$1/', '/index\\.ts$', '^src/adapters/runbook/steps\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '\\.generate\\.ts$' },
  },
};
