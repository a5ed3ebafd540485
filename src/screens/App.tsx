// The root: wires the store to the layout. Everything the panes show is derived from the state here,
// once per model change (memoised), and every key goes to the reducer.
import { Box, Text, useApp, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import type { LoadedModel } from '../persistence/index.js';
import type { Model } from '../model/schema.js';
import { useKeys } from './input/use-keys.js';
import { computeLayout, MIN_COLS, MIN_ROWS } from './layout.js';
import { selectedNode, sheetOf } from './store.js';
import { createConsoleStore, type ConsoleStore } from './console-store.js';
import type { OpsRunner } from '../adapters/plan/session.js';
import { PlanPane, TargetsPane } from './ops/OpsPanes.js';
import { runOps } from './ops/effects.js';
import { isDirty, originText, type Source, type State } from './state.js';
import { findingBadges, findingsOf, flowsOf, traceOf } from './derive.js';
import { checkInBackground, checksLater } from './findings-later.js';
import type { Finding } from '../model/rules/index.js';
import { ancestors, flatten, nodeIndex } from './tree-state.js';
import { viewById, viewTree } from './views/index.js';
import type { Scope } from './commands.js';
import type { Theme } from './theme.js';
import { TreePane } from './components/TreePane.js';
import { DetailsPane } from './components/DetailsPane.js';
import { SheetPane } from './components/SheetPane.js';
import { FormPane } from './components/FormPane.js';
import { ConfirmPane } from './components/ConfirmPane.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { PreviewPane } from './components/PreviewPane.js';
import { FindingsPane } from './components/FindingsPane.js';
import { StatusBar, TitleBar } from './components/Bars.js';
import { ZoomPane } from './components/ZoomPane.js';
import { FindPane } from './components/FindPane.js';
import { zoomText } from './zoom.js';

export interface ConsoleIO {
  /** Save the model: over the loaded file, or (built-in example) as a new file at `path`. Throws with a message. */
  save(source: Source, model: Model, path: string | undefined): LoadedModel;
  exit(code: number): void;
  redraw(): void;
  /** Plan and apply on the model's targets (the Plan/Apply view); without it the view says it is not available. */
  ops?: OpsRunner;
}

export function sourceLabel(source: Source): string {
  if (source.kind === 'builtin') return 'built-in example (read-only)';
  return source.readOnly ? `${source.loaded.path} (read-only)` : source.loaded.path;
}

function statusScope(s: State): { scope: Scope; withGlobal: boolean } {
  const o = s.overlay;
  if (o?.kind === 'confirm') return { scope: 'dialog', withGlobal: false };
  if (o?.kind === 'form' || o?.kind === 'filter') return { scope: 'input', withGlobal: false };
  if (o?.kind === 'help') return { scope: 'help', withGlobal: false };
  if (o?.kind === 'find') return { scope: 'find', withGlobal: false };
  if (s.zoom) return { scope: 'zoom', withGlobal: false };
  if (s.sheet?.edit && s.focus === 'sheet') return { scope: 'input', withGlobal: false };
  if (s.sheet?.choosing && s.focus === 'sheet') return { scope: 'choice', withGlobal: false };
  return { scope: s.focus, withGlobal: true };
}

const NO_BADGES = new Map<string, 'error' | 'warning'>();

export function App(props: { initial: State; io: ConsoleIO; color: boolean; onState?: (s: State) => void; store?: ConsoleStore }) {
  const [store] = useState(() => props.store ?? createConsoleStore(props.initial));
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const dispatch = store.dispatch;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const handled = useRef(new Set<number>());

  useKeys(useCallback((name: string) => dispatch({ type: 'key', name }), [dispatch]));

  useEffect(() => {
    const onResize = () => dispatch({ type: 'resize', cols: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, dispatch]);

  useEffect(() => {
    props.onState?.(state);
  }, [state, props.onState]);

  useEffect(() => {
    for (const e of state.effects) {
      if (handled.current.has(e.id)) continue;
      handled.current.add(e.id);
      dispatch({ type: 'effectDone', id: e.id });
      if (e.kind === 'save') {
        try {
          const loaded = props.io.save(state.source, state.model, e.path);
          dispatch({ type: 'saved', loaded, model: state.model, thenQuit: e.thenQuit });
        } catch (err) {
          dispatch({ type: 'saveFailed', message: (err as Error).message });
        }
      } else if (e.kind === 'exit') {
        props.io.exit(e.code);
        exit();
      } else if (e.kind === 'plan' || e.kind === 'apply') {
        runOps(props.io.ops, state, e.kind, e.targetId, dispatch);
      } else {
        dispatch({ type: 'flash', text: 'Screen redrawn' });
        props.io.redraw();
      }
    }
  }, [state, props.io, exit, dispatch]);

  const theme: Theme = useMemo(() => ({ color: props.color, ascii: state.ascii }), [props.color, state.ascii]);
  const longFlash = state.flash !== null && state.flash.text.length > state.cols;
  const layout = computeLayout(state.cols, state.rows, longFlash ? 2 : 1);
  const view = viewById(state.viewId);
  const vs = state.views[state.viewId]!;
  const roots = viewTree(view, state.model);
  const flat = flatten(roots, vs.expanded, vs.filter);
  // Large organisations: the rules run after this frame (findings-later.ts); until then the pane shows
  // the last findings computed, marked as checking.
  const later = checksLater(state.model);
  const shown = useRef<{ findings: Finding[]; viewId: string; badges: Map<string, 'error' | 'warning'> }>(undefined);
  const [, findingsArrived] = useReducer((n: number) => n + 1, 0);
  useEffect(() => (later ? checkInBackground(state.model, () => findingsArrived()) : undefined), [state.model, later]);
  let findings: Finding[];
  let badges: Map<string, 'error' | 'warning'>;
  if (later) {
    findings = shown.current?.findings ?? [];
    badges = shown.current?.viewId === state.viewId ? shown.current.badges : NO_BADGES;
  } else {
    findings = findingsOf(state.model);
    badges = findingBadges(state.viewId, state.model);
    shown.current = { findings, viewId: state.viewId, badges };
  }
  const findingsCursor = Math.min(state.findingsCursor, Math.max(0, findings.length - 1));
  const node = selectedNode(state);
  const crumbs = useMemo(() => {
    const idx = nodeIndex(roots);
    return [...ancestors(roots, vs.selected), vs.selected].map((id) => idx.get(id)?.node.label ?? '');
  }, [roots, vs.selected]);
  const msg = state.preview.message;
  const trace = state.preview.mode === 'trace' ? traceOf(state.model, msg) : undefined;
  const flows = state.preview.mode === 'flows' ? flowsOf(state.model) : undefined;
  const sheetNode = state.sheet ? nodeIndex(viewTree(viewById(state.sheet.viewId), state.model)).get(state.sheet.nodeId)?.node : undefined;
  const sheetDef = sheetOf(state);

  if (layout.tooSmall) {
    return (
      <Box flexDirection="column">
        <Text bold>
          coexist needs a terminal of at least {MIN_COLS}x{MIN_ROWS}; this one is {state.cols}x{state.rows}.
        </Text>
        <Text>Enlarge the window and the console comes back (q quits).</Text>
      </Box>
    );
  }

  const { scope, withGlobal } = statusScope(state);
  const o = state.overlay;
  let main;
  if (o?.kind === 'form') main = <FormPane form={o} width={layout.cols} height={layout.mainH} theme={theme} />;
  else if (o?.kind === 'confirm') main = <ConfirmPane confirm={o} width={layout.cols} height={layout.mainH} theme={theme} />;
  else if (state.screen === 'ops') {
    // Target names are short; the plan's lines are long.
    const opsLeft = Math.max(26, Math.floor(layout.cols * 0.3));
    main = (
      <Box flexDirection="row" height={layout.mainH}>
        <TargetsPane
          model={state.model}
          ops={state.ops}
          treeW={opsLeft}
          detailsW={layout.cols - opsLeft}
          height={layout.mainH}
          focused={state.focus === 'ops'}
          theme={theme}
        />
        <PlanPane
          model={state.model}
          ops={state.ops}
          treeW={opsLeft}
          detailsW={layout.cols - opsLeft}
          height={layout.mainH}
          focused={false}
          theme={theme}
        />
      </Box>
    );
  } else if (state.sheet && sheetDef)
    main = (
      <SheetPane
        model={state.model}
        def={sheetDef}
        sheet={state.sheet}
        width={layout.cols}
        height={layout.mainH}
        focused={state.focus === 'sheet'}
        theme={theme}
      />
    );
  else {
    main = (
      <Box flexDirection="row" height={layout.mainH}>
        <TreePane
          title={view.title}
          flat={flat}
          selected={vs.selected}
          top={vs.top}
          filter={vs.filter}
          filtering={o?.kind === 'filter'}
          filterCursor={o?.kind === 'filter' ? o.cursor : 0}
          badges={badges}
          marked={vs.marked}
          width={layout.treeW}
          height={layout.mainH}
          focused={state.focus === 'tree'}
          theme={theme}
        />
        <DetailsPane
          model={state.model}
          node={node}
          crumbs={crumbs}
          findings={findings}
          finding={state.focus === 'findings' && !later ? findings[findingsCursor] : undefined}
          top={state.detailsTop}
          width={layout.detailsW}
          height={layout.mainH}
          focused={state.focus === 'details'}
          theme={theme}
        />
      </Box>
    );
  }
  const previewTitle =
    state.preview.mode === 'trace'
      ? `Routing preview: ${msg.recipient} from ${originText(msg.origin)}${msg.via ? ` via ${msg.via}` : ''}${msg.sender ? `, MAIL FROM ${msg.sender}` : ''}${msg.authenticated === false ? ', no auth' : msg.authenticated ? ', auth' : ''}`
      : 'Flow matrix (every standard flow)';
  return (
    <Box flexDirection="column" width={layout.cols} height={layout.height}>
      <TitleBar
        source={sourceLabel(state.source)}
        dirty={isDirty(state)}
        viewId={state.screen === 'ops' ? 'ops' : state.viewId}
        width={layout.cols}
        theme={theme}
      />
      {state.zoom && !o ? (
        <ZoomPane
          zoom={zoomText(state, layout.cols - 3)}
          top={state.zoom.top}
          width={layout.cols}
          height={layout.height - 2}
          theme={theme}
        />
      ) : o?.kind === 'find' ? (
        <FindPane find={o} model={state.model} width={layout.cols} height={layout.height - (longFlash ? 3 : 2)} theme={theme} />
      ) : o?.kind === 'help' ? (
        <HelpOverlay
          filter={o.filter}
          cursor={o.cursor}
          state={state}
          top={o.top}
          width={layout.cols}
          height={layout.height - 2}
          theme={theme}
        />
      ) : (
        <>
          {main}
          <PreviewPane
            model={state.model}
            mode={state.preview.mode}
            title={previewTitle}
            trace={trace}
            flows={flows}
            cursor={state.preview.cursor}
            selectedPath={(sheetNode ?? node)?.path}
            width={layout.cols}
            height={layout.previewH}
            focused={state.focus === 'preview'}
            theme={theme}
          />
          <FindingsPane
            findings={findings}
            model={state.model}
            checking={later ? (shown.current ? 'change' : 'model') : undefined}
            cursor={findingsCursor}
            width={layout.cols}
            height={layout.findingsH}
            focused={state.focus === 'findings'}
            theme={theme}
          />
        </>
      )}
      <StatusBar scope={scope} withGlobal={withGlobal} state={state} flash={state.flash} width={layout.cols} theme={theme} />
    </Box>
  );
}
