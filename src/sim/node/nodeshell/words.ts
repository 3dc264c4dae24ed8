/** Splits a command line as the node shell does: plain words and quotes (no expansions). */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** NAME=value before a command: a variable set in that command's environment. */
export const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
