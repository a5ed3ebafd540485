// Semantic colours from the 16 named ANSI colours (they follow the user's palette, light or dark), and
// the glyphs for line or ASCII borders. With colour off, state is still shown by characters.
import type { TextProps } from 'ink';

// 'focus' marks the field being edited (the wizard's), 'cursor' the text cursor inside a value.
export type Tone = 'accent' | 'muted' | 'ok' | 'warning' | 'error' | 'heading' | 'focus' | 'cursor';

export interface Theme {
  color: boolean;
  ascii: boolean;
}

const COLORS: Record<Tone, TextProps> = {
  accent: { color: 'cyan' },
  muted: { color: 'gray' },
  ok: { color: 'green' },
  warning: { color: 'yellow' },
  error: { color: 'red' },
  heading: { bold: true },
  focus: { color: 'cyan', bold: true },
  cursor: { inverse: true },
};

export function toneProps(theme: Theme, tone: Tone | undefined): TextProps {
  if (!tone) return {};
  if (!theme.color)
    return tone === 'cursor' ? COLORS.cursor : tone === 'heading' || tone === 'error' || tone === 'focus' ? { bold: true } : {};
  return COLORS[tone];
}

export interface Glyphs {
  select: string;
  open: string;
  closed: string;
  check: string;
  radioOn: string;
  radioOff: string;
  /** A step already done (the guided setup's step list). */
  done: string;
  ellipsis: string;
  arrow: string;
  h: string;
  tl: string;
  tr: string;
}

export function glyphs(theme: Theme): Glyphs {
  return theme.ascii
    ? {
        select: '>',
        open: 'v',
        closed: '>',
        check: 'x',
        radioOn: '(*)',
        radioOff: '( )',
        done: '*',
        ellipsis: '~',
        arrow: '>',
        h: '-',
        tl: '+',
        tr: '+',
      }
    : {
        select: '›',
        open: '▾',
        closed: '▸',
        check: 'x',
        radioOn: '(•)',
        radioOff: '( )',
        done: '✓',
        ellipsis: '…',
        arrow: '›',
        h: '─',
        tl: '┌',
        tr: '┐',
      };
}

/** Exactly `width` columns: cut with an ellipsis or padded with spaces. */
export function fit(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  let clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  // ASCII mode (the ellipsis is "~"): the setting names' separator and ellipses become ASCII too.
  if (ellipsis === '~') clean = clean.replace(/\u203a/g, '>').replace(/\u2026/g, '~');
  if (clean.length > width) return width === 1 ? clean.slice(0, 1) : `${clean.slice(0, width - 1)}${ellipsis}`;
  return clean.padEnd(width);
}
