/** What the text filters share: their result, line splitting as a byte stream reads, and coreutils' message pieces. */

export interface FilterResult {
  stdout: string;
  stderr: string;
  /** the exit status: 0, 1 (grep: nothing selected; others: an error), 2 (grep and sort: an error) */
  status: number;
}

/** The input's lines, each with its newline; a last line without one stays without. */
export function lines(text: string, nul = false): string[] {
  if (text === '') return [];
  return text.split(nul ? /(?<=\0)/ : /(?<=\n)/);
}

/** A line without its newline. */
export function chomp(line: string, nul = false): string {
  return line.endsWith(nul ? '\0' : '\n') ? line.slice(0, -1) : line;
}

/** A file name as coreutils quotes it in messages (shell-escape style: 'name'). */
export function notFound(name: string): string {
  return `'${name.replace(/'/g, `'\\''`)}'`;
}

export function tryHelp(tool: string): string {
  return `Try '${tool} --help' for more information.\n`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** The input's records without their terminators: lines, or with -z NUL-ended ones. */
export function records(text: string, nul = false): string[] {
  return lines(text, nul).map((l) => chomp(l, nul));
}
