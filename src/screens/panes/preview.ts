// The routing preview and the findings pane: moving through hops, flows and findings, and jumping to
// the setting behind one.
import type { CommandDef } from '../command-types.js';
import type { State } from '../state.js';
import { flash } from '../effects.js';
import { findingsOf, flowsOf, traceOf } from '../derive.js';
import { jumpToPath } from './core.js';

const count = (s: State) => (s.preview.mode === 'trace' ? traceOf(s.model, s.preview.message).steps.length : flowsOf(s.model).length);

export const PREVIEW_COMMANDS: CommandDef[] = [
  {
    id: 'preview.down',
    scope: 'preview',
    keys: ['down', 'j'],
    title: 'Next hop or flow',
    run: (s) => ({ ...s, preview: { ...s.preview, cursor: Math.min(Math.max(0, count(s) - 1), s.preview.cursor + 1) } }),
  },
  {
    id: 'preview.up',
    scope: 'preview',
    keys: ['up', 'k'],
    title: 'Previous hop or flow',
    run: (s) => ({ ...s, preview: { ...s.preview, cursor: Math.max(0, s.preview.cursor - 1) } }),
  },
  {
    id: 'preview.jump',
    scope: 'preview',
    keys: ['enter'],
    title: 'Go to the setting behind the hop (or trace the flow)',
    short: 'go to setting',
    priority: 1,
    unavailable: (s) =>
      s.preview.mode === 'trace' && !traceOf(s.model, s.preview.message).steps[s.preview.cursor]?.setting
        ? 'This step names no setting'
        : undefined,
    run: (s) => {
      if (s.preview.mode === 'trace') return jumpToPath(s, traceOf(s.model, s.preview.message).steps[s.preview.cursor]?.setting);
      const flow = flowsOf(s.model)[s.preview.cursor];
      if (!flow) return s;
      return flash({ ...s, preview: { message: flow.flow.message, mode: 'trace', cursor: 0 } }, `Tracing flow: ${flow.flow.title}`);
    },
  },
];

const findingsCursor = (s: State) => Math.min(s.findingsCursor, Math.max(0, findingsOf(s.model).length - 1));

export const FINDINGS_COMMANDS: CommandDef[] = [
  {
    id: 'findings.down',
    scope: 'findings',
    keys: ['down', 'j'],
    title: 'Next finding',
    run: (s) => ({ ...s, findingsCursor: Math.min(Math.max(0, findingsOf(s.model).length - 1), findingsCursor(s) + 1) }),
  },
  {
    id: 'findings.up',
    scope: 'findings',
    keys: ['up', 'k'],
    title: 'Previous finding',
    run: (s) => ({ ...s, findingsCursor: Math.max(0, findingsCursor(s) - 1) }),
  },
  {
    id: 'findings.jump',
    scope: 'findings',
    keys: ['enter'],
    title: 'Go to the node and field the finding names',
    short: 'go to field',
    priority: 1,
    unavailable: (s) => (findingsOf(s.model).length ? undefined : 'No findings: nothing to jump to'),
    run: (s) => {
      const f = findingsOf(s.model)[findingsCursor(s)];
      return f ? jumpToPath(s, f.path) : s;
    },
  },
];
