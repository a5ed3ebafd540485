// A bordered pane with its title in the top border; the focused pane's title is bracketed and
// highlighted, so focus shows without colour too.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { glyphs, toneProps, type Theme } from '../theme.js';

export function Pane(props: {
  title: string;
  right?: string;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
  children: ReactNode;
}) {
  const g = glyphs(props.theme);
  const inner = props.width - 2;
  const title = props.focused ? `[ ${props.title} ]` : ` ${props.title} `;
  const right = props.right ? ` ${props.right} ` : '';
  const room = Math.max(0, inner - 1 - right.length - 1);
  const t = title.length > room ? `${title.slice(0, Math.max(0, room - 1))}${props.theme.ascii ? '~' : '…'}` : title;
  const fill = Math.max(0, inner - 1 - t.length - right.length);
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text wrap="truncate-end">
        {g.tl}
        {g.h}
        <Text {...(props.focused ? { ...toneProps(props.theme, 'accent'), bold: true } : {})}>{t}</Text>
        {g.h.repeat(fill)}
        {right}
        {g.tr}
      </Text>
      {/* Keyed by the border style: Ink applies only the changed style props, so switching borderStyle on a
          mounted Box (B) re-enables its top border in the layout (borderTop={false} is not in the diff)
          and every line below shifts down one row until a full repaint. */}
      <Box
        key={props.theme.ascii ? 'ascii' : 'line'}
        borderStyle={props.theme.ascii ? 'classic' : 'single'}
        borderTop={false}
        width={props.width}
        height={props.height - 1}
        flexDirection="column"
        overflow="hidden"
        {...(props.focused && props.theme.color ? { borderColor: 'cyan' } : {})}
      >
        {props.children}
      </Box>
    </Box>
  );
}
