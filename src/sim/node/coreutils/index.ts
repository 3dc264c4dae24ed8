/**
 * The text filters a pipeline can end in — grep, head, tail, wc, sort — as GNU grep and coreutils
 * behave reading standard input. One implementation for the kubectl terminal's pipes and the node
 * shells' (Ubuntu nodes run the GNU tools).
 */
import type { FilterResult } from './common';
import { grep } from './grep';
import { head, tail } from './headTail';
import { sort } from './sort';
import { wc } from './wc';

export type { FilterResult };

const FILTERS: Record<string, (args: readonly string[], input: string) => FilterResult> = { grep, head, tail, wc, sort };

/** The filter names a pipe can run. */
export const FILTER_NAMES: readonly string[] = Object.keys(FILTERS);

/** Runs the filter `name` over `input`; undefined when `name` is no filter this module has. */
export function runFilter(name: string, args: readonly string[], input: string): FilterResult | undefined {
  const f = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
  return f?.(args, input);
}

/**
 * Whether the filter can pass lines on as they come (grep, head) rather than only at the end of its
 * input (tail, sort, wc): what a pipe behind a command that keeps running shows before Ctrl+C.
 */
export function streams(name: string, args: readonly string[]): boolean {
  if (name === 'grep') return !args.some((a) => /^-[a-zA-Z]*[cLlq]/.test(a) || a === '--count' || a === '--quiet' || a === '--silent' || a.startsWith('--files-with'));
  if (name === 'head') return true;
  return false;
}
