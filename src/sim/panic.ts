/**
 * A component that throws has hit a bug, as a Go component that panics has. This file says which
 * throws are bugs and writes them the way a Go process writes its last words on stderr.
 *
 * The controllers' convention is that a sync which throws an Error (or a Status error from the API)
 * has *returned* that error: the work queue logs it and retries the key. The errors JavaScript
 * raises by itself — `x.map is not a function`, `Cannot read properties of undefined`, a bad array
 * length, a stack overflow — have no such meaning: they are Go's nil dereferences and index-out-of-
 * range panics, and they take the process down wherever they happen.
 */
import { fnv1a32 } from './rng';

/** True for the errors only a bug raises (TypeError, RangeError, ReferenceError…), never on purpose. */
export function isPanic(err: unknown): boolean {
  return err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError || err instanceof EvalError || err instanceof URIError;
}

/** The panic value as Go would print it: the message only, never a JavaScript stack. */
export function panicValue(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/**
 * What a Go 1.22 process prints when a panic that client-go's HandleCrash recovered is raised again
 * (informer handlers, wait.Until loops and work-queue workers all run under HandleCrash): the value
 * twice, then the goroutine that panicked. The goroutine number is fixed by `seed`, so the same
 * crash reads the same on every replay. Its frames are left out: they would be this simulator's.
 */
export function goPanicLines(err: unknown, seed: string): string[] {
  const value = panicValue(err);
  const goroutine = 100 + (fnv1a32(seed) % 900);
  return [`panic: ${value} [recovered]`, `\tpanic: ${value}`, '', `goroutine ${goroutine} [running]:`];
}
