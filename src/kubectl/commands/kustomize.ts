/** `kubectl kustomize [DIR]`: prints the kustomization's build (DIR defaults to the file area's top). */
import { plainError } from '../errors';
import { flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { kustomizeSource } from '../kustomize/sources';
import type { CommandIO } from './context';

export const KUSTOMIZE_FLAGS: FlagSpec[] = [
  { long: 'enable-alpha-plugins', kind: 'bool' },
  { long: 'enable-helm', kind: 'bool' },
  { long: 'load-restrictor', kind: 'string', default: 'LoadRestrictionsRootOnly' },
  { long: 'output', short: 'o', kind: 'string' },
];

export function runKustomize(io: CommandIO, f: ParsedFlags): void {
  if (f.args.length > 1) throw plainError('specify one path to kustomization.yaml');
  const source = kustomizeSource(io.ctx, f.args[0] ?? '.', (line) => io.err(line));
  const target = flagString(f, 'output');
  if (target === '') {
    io.out(source.content);
    return;
  }
  // -o PATH writes the build into the file area instead.
  const why = io.ctx.writeFile ? io.ctx.writeFile(target, source.content, false) : 'Read-only file system';
  if (why !== undefined) throw plainError(`open ${target}: ${why.toLowerCase()}`);
}
