/**
 * JavaScript leaking into what a user reads: a TypeError's message printed as if kubectl said it,
 * `[object Object]`, NaN or undefined where a value belongs, a stack frame.
 */

const LEAKS: [RegExp, string][] = [
  [/is not a function/, 'is not a function'],
  [/is not iterable/, 'is not iterable'],
  [/Cannot read propert(y|ies)/, 'Cannot read properties'],
  [/Cannot create property/, 'Cannot create property'],
  [/Cannot set propert(y|ies)/, 'Cannot set properties'],
  [/Cannot convert (undefined|null|object|a Symbol|a BigInt)/, 'Cannot convert'],
  [/is not defined\b/, 'is not defined'],
  [/Maximum call stack size exceeded/, 'Maximum call stack size exceeded'],
  [/Invalid array length|Invalid string length|Invalid time value/, 'RangeError text'],
  [/\[object (Object|Array|Map|Set)\]/, '[object Object]'],
  [/\bNaN\b/, 'NaN'],
  [/\bundefined\b/, 'undefined'],
  [/\bInfinity\b/, 'Infinity'],
  [/^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m, 'stack frame'],
  [/\.(ts|js|mjs):\d+/, 'source location'],
  [/\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError): /, 'JavaScript error name'],
];

/** The names of the leaks found in `text` (empty if clean). */
export function jsLeaks(text: string): string[] {
  return LEAKS.filter(([re]) => re.test(text)).map(([, name]) => name);
}

/** Like jsLeaks, but ignores any leak word that the input itself carried (kubectl echoes user text). */
export function jsLeaksBeyond(text: string, input: string): string[] {
  return LEAKS.filter(([re]) => re.test(text) && !re.test(input)).map(([, name]) => name);
}

/** An exception thrown by the program, described for a failure report. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `thrown non-Error: ${String(e)}`;
}
