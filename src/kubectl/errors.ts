/**
 * How kubectl turns a failure into the text on stderr. A command throws a KubectlError (its message is
 * printed as is) or lets a StatusError from the client through; `formatError` renders either the way
 * kubectl's CheckErr does, ending with a newline.
 */
import { StatusError } from '../sim/api/types';

/** A failure whose text is already final (e.g. `error: unknown flag: --bogus\nSee ...`). */
export class KubectlError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'KubectlError';
  }
}

/**
 * A Go-style plain error: printed as `error: <msg>` when it is the only error, and as `<msg>` alone
 * when kubectl prints several errors together.
 */
export class PlainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlainError';
  }
}

export function plainError(msg: string): PlainError {
  return new PlainError(msg);
}

/** A usage error: kubectl appends the pointer to the command's help. */
export function usageError(cmdPath: string, msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee '${cmdPath} -h' for help and examples`);
}

/** The line kubectl prints for an API error (without the trailing newline). */
export function statusErrorMessage(e: StatusError): string {
  const s = e.status;
  if (s.reason === 'Invalid') {
    const d = s.details;
    let head = 'The request is invalid';
    if (!d) return s.message ? `${head}: ${s.message}` : head;
    if (d.kind || d.name) head = `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`;
    else if (s.message && !(d.causes && d.causes.length > 0)) head += `: ${s.message}`;
    const causes: string[] = [];
    for (const c of d.causes ?? []) {
      const m = `${c.field ?? ''}: ${c.message ?? ''}`;
      if (!causes.includes(m)) causes.push(m);
    }
    if (causes.length === 0) return head;
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  if (s.reason) return `Error from server (${s.reason}): ${s.message}`;
  return `Error from server: ${s.message}`;
}

const withNewline = (m: string): string => (m.endsWith('\n') ? m : m + '\n');

/** Renders one error as kubectl's stderr text (CheckErr), with a final newline. */
export function formatError(e: unknown): string {
  let msg: string;
  if (e instanceof KubectlError) msg = e.message;
  else if (e instanceof StatusError) msg = statusErrorMessage(e);
  else if (e instanceof Error) msg = e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
  else msg = `error: ${String(e)}`;
  return withNewline(msg);
}

/** Renders the errors a command collected: one alone as formatError does, several one per line without the `error: ` prefix. */
export function formatErrors(errs: readonly unknown[]): string {
  if (errs.length === 0) return '';
  if (errs.length === 1) return formatError(errs[0]);
  return errs
    .map((e) => {
      if (e instanceof StatusError) return withNewline(statusErrorMessage(e));
      if (e instanceof Error) return withNewline(e.message);
      return withNewline(String(e));
    })
    .join('');
}
