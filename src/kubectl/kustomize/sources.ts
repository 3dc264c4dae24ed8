/**
 * What `-f` or `-k` names, as the manifest text each command reads: `-f` through the file area's
 * resolver, `-k DIR` as the kustomization's build (its warnings go to stderr first). kubectl's
 * FilenameOptions rules: one of the two, and -k without -R.
 */
import { KubectlError, plainError } from '../errors';
import { sourcesForFilenames } from '../files';
import type { KubectlContext } from '../commands/context';
import { KustomizeError, kustomizeBuild, kustomizeYaml } from './build';

/** The build of DIR as one manifest stream; kustomize's failures as kubectl prints them. */
export function kustomizeSource(ctx: KubectlContext, dir: string, warn: (line: string) => void): { path: string; content: string } {
  try {
    const built = kustomizeBuild(ctx.files, dir);
    built.warnings.forEach(warn);
    return { path: dir, content: kustomizeYaml(built.objects) };
  } catch (e) {
    if (e instanceof KustomizeError) throw plainError(e.message);
    throw e;
  }
}

/**
 * The sources of `-f FILE…` or `-k DIR`; `[]` when neither is given. `prefix`: how the command prints
 * the -f-and--k refusal (apply and create return it to cobra, `Error:`; delete prints it, `error:`).
 */
export function manifestSources(ctx: KubectlContext, filenames: string[], kustomizeDir: string, recursive: boolean, warn: (line: string) => void, prefix: 'Error' | 'error' = 'Error'): { path: string; content: string }[] {
  if (kustomizeDir !== '') {
    if (filenames.length > 0) throw new KubectlError(`${prefix}: only one of -f or -k can be specified`);
    if (recursive) throw new KubectlError("error: the -k flag can't be used with -f or -R");
    return [kustomizeSource(ctx, kustomizeDir, warn)];
  }
  return sourcesForFilenames(ctx, filenames, recursive);
}
