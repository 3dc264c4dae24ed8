/**
 * The terminal's colours, from the page's theme variables (both themes), and stderr's: errors in the
 * error colour, kubectl's `Warning: …` lines (the server's warnings; the command went on) in the
 * warning colour, as the rest of the page draws them.
 */
import type { ITheme } from '@xterm/xterm';

/** The ANSI colours the terminal uses are mapped to the page's: red = --bad, yellow = the warning tone, green = --ok. */
export function termTheme(el: HTMLElement): ITheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const dark = document.documentElement.getAttribute('data-theme') === 'dark';
  return {
    background: v('--panel', dark ? '#121a2b' : '#ffffff'),
    foreground: v('--text', dark ? '#e6ebf5' : '#0f172a'),
    cursor: v('--text', dark ? '#e6ebf5' : '#0f172a'),
    cursorAccent: v('--panel', dark ? '#121a2b' : '#ffffff'),
    selectionBackground: dark ? '#334155' : '#bfdbfe',
    red: v('--bad', '#b91c1c'),
    brightRed: v('--bad', '#b91c1c'),
    green: v('--ok', '#15803d'),
    brightGreen: v('--ok', '#15803d'),
    yellow: dark ? v('--t-pending-fg', '#fde68a') : v('--t-pending-bd', '#d97706'),
    brightYellow: dark ? v('--t-pending-fg', '#fde68a') : v('--t-pending-bd', '#d97706'),
    black: dark ? '#0b1020' : '#0f172a',
    white: dark ? '#e6ebf5' : '#f8fafc',
  };
}

/** stderr text: `Warning:` lines yellow, the rest red. */
export function colourStderr(text: string): string {
  return text
    .split(/(?<=\n)/)
    .map((line) => {
      const nl = line.endsWith('\n') ? '\n' : '';
      const body = nl ? line.slice(0, -1) : line;
      if (body === '') return nl;
      return `${body.startsWith('Warning: ') ? '\x1b[33m' : '\x1b[31m'}${body}\x1b[0m${nl}`;
    })
    .join('');
}

/** stdout as the terminal shows it: as printed (convertEol turns \n into a new line). */
export function outputText(text: string): string {
  return text;
}
