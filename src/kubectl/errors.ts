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

/** `error: <msg>` unless the message already starts with `error: `. */
export function plainError(msg: string): KubectlError {
  return new KubectlError(msg.startsWith('error: ') ? msg : `error: ${msg}`);
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

/** Renders any thrown value as kubectl's stderr text, with a final newline. */
export function formatError(e: unknown): string {
  let msg: string;
  if (e instanceof KubectlError) msg = e.message;
  else if (e instanceof StatusError) msg = statusErrorMessage(e);
  else if (e instanceof Error) msg = e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
  else msg = `error: ${String(e)}`;
  return msg.endsWith('\n') ? msg : msg + '\n';
}
