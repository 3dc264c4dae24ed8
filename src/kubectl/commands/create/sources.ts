/**
 * The key/value sources of `create configmap` and `create secret generic`: `--from-literal=k=v`,
 * `--from-file=[key=]path` (a file or folder of the scenario's file area) and `--from-env-file`.
 */
import { plainError } from '../../errors';
import { resolvePath } from '../../files';
import type { CommandIO } from '../context';

/** The scenario's file area, when the app has one (path → content). */
export function scenarioFiles(io: CommandIO): ReadonlyMap<string, string> {
  return io.ctx.files ?? new Map();
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** validation.IsConfigMapKey: the reasons a key is refused (also used for Secret keys). */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** util.ParseLiteralSource */
export function parseLiteral(source: string): [string, string] {
  const i = source.indexOf('=');
  if (i < 0) throw plainError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** util.ParseFileSource: `path` (key = its base name) or `key=path`. */
function parseFileSource(source: string): [string, string] {
  const parts = source.split('=');
  if (parts.length === 1) return [parts[0]!.split('/').filter(Boolean).pop() ?? parts[0]!, parts[0]!];
  if (parts.length > 2) throw plainError("key names or file paths cannot contain '='");
  const [key, path] = parts as [string, string];
  if (key === '') throw plainError(`key name for file path ${path} missing`);
  if (path === '') throw plainError(`file path for key name ${key} missing`);
  return [key, path];
}

/** The (key, content) pairs a --from-file source names, reading a folder's direct files in name order. */
export function readFileSource(io: CommandIO, source: string): [string, string][] {
  const [key, rawPath] = parseFileSource(source);
  const files = scenarioFiles(io);
  const found = resolvePath(files, rawPath);
  if (!found) throw plainError(`error reading ${rawPath}: no such file or directory`);
  if (found.kind === 'file') return [[key, found.content]];
  if (source.includes('=')) throw plainError('cannot give a key name for a directory path');
  const inDir = found.paths.filter((k) => !k.slice(found.prefix.length).includes('/'));
  return inDir.map((k) => [k.slice(found.prefix.length), files.get(k)!]);
}

/** cmdutil.AddFromEnvFile: KEY=value lines; blank lines and `#` comments skipped; a bare KEY reads an (empty) environment. */
export function readEnvFile(io: CommandIO, rawPath: string, dirMessage: string): [string, string][] {
  const found = resolvePath(scenarioFiles(io), rawPath);
  if (found?.kind === 'dir') throw plainError(dirMessage);
  if (!found) throw plainError(`error reading ${rawPath}: no such file or directory`);
  const content = found.content;
  const out: [string, string][] = [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const bad = envKeyError(key);
    if (bad) throw plainError(bad);
    out.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  }
  return out;
}

/** envutil's refusal of a variable name (env files and `set env KEY=VALUE` alike), or undefined if it is valid. */
export function envKeyError(key: string): string | undefined {
  const errs = envVarNameErrors(key);
  return errs.length > 0 ? `${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}` : undefined;
}

/** validation.IsEnvVarName */
export function envVarNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) errs.push("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** base64 of a string's UTF-8 bytes, as a Secret's data carries it. */
export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
