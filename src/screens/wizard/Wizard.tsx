// The guided setup: a step list on the left, the page on the right, the keys that work at the bottom.
// Keys go to the reducer; file reads and the final write happen here, through the injected io.
import { Box, Text } from 'ink';
import { useEffect, useState, useSyncExternalStore, type ReactElement } from 'react';
import type { Model } from '../../model/schema.js';
import type { SetupAnswers } from '../../model/setup/index.js';
import { layoutPage, windowStart, type Row, type Tone } from './layout.js';
import { PAGES } from './pages.js';
import { currentPage, fieldsOf, initialState, reducer, type Action, type WizardState } from './reducer.js';
import { useKeys } from '../input/use-keys.js';
import { glyphs, toneProps, type Theme } from '../theme.js';
import { createStore, type Store } from '../console-store.js';

export type WizardStore = Store<WizardState, Action>;

export const createWizardStore = (opts: Parameters<typeof initialState>[0]): WizardStore => createStore(reducer, initialState(opts));

export type WriteResult = { ok: true; path: string } | { ok: false; exists: true } | { ok: false; exists?: false; message: string };

export interface WizardIO {
  readText(path: string): Promise<string> | string;
  write(model: Model, overwrite: boolean): Promise<WriteResult> | WriteResult;
}

export type WizardOutcome = { kind: 'cancelled' } | { kind: 'written'; path: string };

export interface WizardProps {
  out: string;
  io: WizardIO;
  onDone(outcome: WizardOutcome): void;
  /** The console's theme (colour, ASCII glyphs); default: colour off, ASCII. */
  theme?: Theme;
  overwrite?: boolean;
  columns?: number;
  rows?: number;
  /** Start from these answers instead of an empty form. */
  answers?: SetupAnswers;
  /** The state kept across remounts by the full-screen runner; without it the wizard keeps its own. */
  store?: WizardStore;
  /** Ctrl+L: a full repaint (the runner remounts on a cleared screen). */
  onRedraw?(): void;
}

const STEP_WIDTH = 22;

function RowView({ row, theme }: { row: Row; theme: Theme }): ReactElement {
  if (row.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {row.map((s, i) => (
        // Without colour, inverse video may not show: the cursor at the end of a value is "_", as in the console.
        <Text key={i} {...(s.tone === 'normal' ? {} : toneProps(theme, s.tone))}>
          {!theme.color && s.tone === 'cursor' && s.text === ' ' ? '_' : s.text}
        </Text>
      ))}
    </Text>
  );
}

function keyHints(s: WizardState): string {
  if (s.dialog === 'discard') return 'y discard the setup   any other key: keep going';
  if (s.dialog === 'overwrite') return 'y replace the file (a .bak is kept)   any other key: do not write';
  const page = currentPage(s);
  if (page.id === 'summary') return 'Enter finish  Up/Down scroll  PgUp back  Esc cancel';
  const field = fieldsOf(s)[s.focus];
  const move = 'Tab/Up/Down field';
  if (!field) return 'Enter next  Up/Down scroll  PgUp back  Esc cancel';
  if (field.kind === 'choice' || field.kind === 'toggle') return `Left/Right change  ${move}  PgDn next  PgUp back  Esc cancel`;
  if (field.kind === 'button') return `Enter press  ${move}  PgDn next  PgUp back  Esc cancel`;
  return `Enter next  ${move}  PgDn next page  PgUp back  Esc cancel`;
}

export function Wizard(props: WizardProps): ReactElement {
  const [store] = useState(
    () =>
      props.store ??
      createWizardStore({ out: props.out, overwrite: props.overwrite ?? false, ...(props.answers ? { answers: props.answers } : {}) }),
  );
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const dispatch = store.dispatch;
  const theme = props.theme ?? { color: false, ascii: true };
  const g = glyphs(theme);
  const { onRedraw } = props;
  useKeys((name) => (name === 'C-l' && onRedraw ? onRedraw() : dispatch({ type: 'key', name })));

  const { request, outcome } = state;
  const { io, onDone } = props;
  useEffect(() => {
    if (!request) return;
    void (async () => {
      if (request.kind === 'import') {
        try {
          dispatch({ type: 'imported', path: request.path, text: await io.readText(request.path) });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          dispatch({
            type: 'import-failed',
            message: `${request.path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`,
          });
        }
        return;
      }
      try {
        const r = await io.write(request.model, request.overwrite);
        if (r.ok) dispatch({ type: 'written', path: r.path });
        else if (r.exists) dispatch({ type: 'write-exists' });
        else dispatch({ type: 'write-failed', message: r.message });
      } catch (e) {
        dispatch({ type: 'write-failed', message: `not written: ${(e as Error).message}` });
      }
    })();
  }, [request, io, dispatch]);
  useEffect(() => {
    if (outcome) onDone(outcome);
  }, [outcome, onDone]);

  const columns = Math.max(60, props.columns ?? 80);
  // One row short of the terminal: a frame as tall as the screen makes Ink clear the scrollback each time.
  const height = Math.max(12, (props.rows ?? 24) - 1);
  const bodyHeight = height - 4;
  const pageWidth = columns - STEP_WIDTH - 2;
  const layout = layoutPage(state, pageWidth, g);
  // A page taller than the body keeps its last row for "... more below": the rows must never exceed
  // the box, or Yoga shrinks some of them to nothing and they overlap.
  const rowsShown = layout.rows.length > bodyHeight ? bodyHeight - 1 : bodyHeight;
  const start = windowStart(layout, rowsShown, state.scroll);
  const visible = layout.rows.slice(start, start + rowsShown);
  const page = currentPage(state);
  const more = layout.rows.length > start + rowsShown;
  const maxScroll = Math.max(0, layout.rows.length - rowsShown);
  useEffect(() => {
    if (state.scroll > maxScroll) dispatch({ type: 'clamp-scroll', max: maxScroll });
  }, [state.scroll, maxScroll, dispatch]);

  const notice =
    state.dialog === 'discard'
      ? { tone: 'warning' as Tone, text: 'Discard this setup? Everything you typed is lost.' }
      : state.dialog === 'overwrite'
        ? { tone: 'warning' as Tone, text: `${state.out} already exists. Replace it?` }
        : state.notice
          ? { tone: (state.notice.tone === 'error' ? 'error' : 'accent') as Tone, text: state.notice.text }
          : null;

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Text wrap="truncate" {...toneProps(theme, 'heading')}>
        {` coexist setup  ${g.arrow}  Step ${state.page + 1} of ${PAGES.length}: ${page.title}`}
      </Text>
      <Text> </Text>
      <Box flexDirection="row" height={bodyHeight}>
        <Box flexDirection="column" width={STEP_WIDTH} marginRight={2}>
          {PAGES.map((p, i) => (
            <Text
              key={p.id}
              wrap="truncate"
              {...(i === state.page ? toneProps(theme, 'focus') : i > state.page ? toneProps(theme, 'muted') : {})}
            >
              {`${i === state.page ? g.select : i < state.page ? g.done : ' '} ${i + 1}. ${p.title}`}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" width={pageWidth}>
          {visible.map((row, i) => (
            <RowView key={start + i} row={row} theme={theme} />
          ))}
          {more ? <Text {...toneProps(theme, 'muted')}>{'  ... more below'}</Text> : null}
        </Box>
      </Box>
      <Text wrap="truncate" {...(notice && notice.tone !== 'normal' ? toneProps(theme, notice.tone) : {})}>
        {notice ? ` ${notice.text}` : ' '}
      </Text>
      <Text wrap="truncate" {...toneProps(theme, 'muted')}>{` ${keyHints(state)}`}</Text>
    </Box>
  );
}
