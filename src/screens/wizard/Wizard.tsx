// The guided setup: a step list on the left, the page on the right, the keys that work at the bottom.
// Keys go to the reducer; file reads and the final write happen here, through the injected io.
import { Box, Text } from 'ink';
import { useEffect, useReducer, type ReactElement } from 'react';
import type { Model } from '../../model/schema.js';
import type { SetupAnswers } from '../../model/setup/index.js';
import { layoutPage, windowStart, type Row, type Tone } from './layout.js';
import { PAGES } from './pages.js';
import { currentPage, fieldsOf, initialState, reducer, type WizardState } from './reducer.js';
import { useKeys } from '../input/use-keys.js';

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
  noColor?: boolean;
  overwrite?: boolean;
  columns?: number;
  rows?: number;
  /** Start from these answers instead of an empty form. */
  answers?: SetupAnswers;
}

const STEP_WIDTH = 22;

function toneProps(tone: Tone, noColor: boolean): Record<string, unknown> {
  switch (tone) {
    case 'dim':
      return noColor ? {} : { dimColor: true };
    case 'bold':
      return { bold: true };
    case 'error':
      return noColor ? {} : { color: 'red' };
    case 'warning':
      return noColor ? {} : { color: 'yellow' };
    case 'ok':
      return noColor ? {} : { color: 'green' };
    case 'accent':
      return noColor ? { bold: true } : { color: 'cyan' };
    case 'focus':
      return noColor ? { bold: true } : { color: 'cyan', bold: true };
    case 'cursor':
      return { inverse: true };
    default:
      return {};
  }
}

function RowView({ row, noColor }: { row: Row; noColor: boolean }): ReactElement {
  if (row.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {row.map((s, i) => (
        // Without colour, inverse video disappears too: show the cursor at the end of a value as "_".
        <Text key={i} {...toneProps(s.tone, noColor)}>
          {noColor && s.tone === 'cursor' && s.text === ' ' ? '_' : s.text}
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
  if (!field) return 'Enter next  PgUp back  Esc cancel';
  if (field.kind === 'choice' || field.kind === 'toggle') return `Left/Right change  ${move}  PgDn next  PgUp back  Esc cancel`;
  if (field.kind === 'button') return `Enter press  ${move}  PgDn next  PgUp back  Esc cancel`;
  return `Enter next  ${move}  PgDn next page  PgUp back  Esc cancel`;
}

export function Wizard(props: WizardProps): ReactElement {
  const [state, dispatch] = useReducer(
    reducer,
    { out: props.out, overwrite: props.overwrite ?? false, ...(props.answers ? { answers: props.answers } : {}) },
    initialState,
  );
  const noColor = props.noColor === true;
  useKeys((name) => dispatch({ type: 'key', name }));

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
  }, [request, io]);
  useEffect(() => {
    if (outcome) onDone(outcome);
  }, [outcome, onDone]);

  const columns = Math.max(60, props.columns ?? 80);
  // One row short of the terminal: a frame as tall as the screen makes Ink clear the scrollback each time.
  const height = Math.max(12, (props.rows ?? 24) - 1);
  const bodyHeight = height - 4;
  const pageWidth = columns - STEP_WIDTH - 2;
  const layout = layoutPage(state, pageWidth);
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
  }, [state.scroll, maxScroll]);

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
      <Text wrap="truncate" {...toneProps('bold', noColor)}>
        {` coexist setup  >  Step ${state.page + 1} of ${PAGES.length}: ${page.title}`}
      </Text>
      <Text> </Text>
      <Box flexDirection="row" height={bodyHeight}>
        <Box flexDirection="column" width={STEP_WIDTH} marginRight={2}>
          {PAGES.map((p, i) => (
            <Text
              key={p.id}
              wrap="truncate"
              {...(i === state.page ? toneProps('focus', noColor) : i > state.page ? toneProps('dim', noColor) : {})}
            >
              {`${i === state.page ? '>' : i < state.page ? '*' : ' '} ${i + 1}. ${p.title}`}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" width={pageWidth}>
          {visible.map((row, i) => (
            <RowView key={start + i} row={row} noColor={noColor} />
          ))}
          {more ? <Text {...toneProps('dim', noColor)}>{'  ... more below'}</Text> : null}
        </Box>
      </Box>
      <Text wrap="truncate" {...(notice ? toneProps(notice.tone, noColor) : {})}>
        {notice ? ` ${notice.text}` : ' '}
      </Text>
      <Text wrap="truncate" {...toneProps('dim', noColor)}>{` ${keyHints(state)}`}</Text>
    </Box>
  );
}
