// The part of persistence a command reads before it loads any model: where the loaded-model cache is and what
// a model file is known by, and route --batch's route tables. It imports no YAML, no schema and no checks,
// so that a batch answered from its table never loads them (src/cli/commands/route-batch.ts). Everything
// else imports persistence from index.ts.
export { defaultModelCache, fingerprintOf, type ModelCache } from './file-cache.js';
export { readRouteTable, type RouteTableKey, routeTablePath, writeRouteTable } from './route-table-cache.js';
