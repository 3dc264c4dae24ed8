/**
 * `kubectl create -f FILE|DIR [-R]` / `-k DIR`: every document is sent as a create, in order; one that
 * fails (already there, invalid, unknown kind) is reported at the end while the others go on, as
 * kubectl's create visits its builder's objects.
 */
import { parseManifests, sourceError, withLastApplied } from '../../apply';
import { KubectlError, PlainError } from '../../errors';
import { dryRunStrategy, flagBool, flagList, flagString, validationDirective, type ParsedFlags } from '../../flags';
import { manifestSources } from '../../kustomize/sources';
import type { KObject } from '../../../sim/types';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { refuseServerDryRun } from '../dryRun';
import { withTypeMeta } from '../fetch';
import { nameRef, parseOutputFlag, renderStructured } from '../output';

export function runCreateFromFiles(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const validation = validationDirective(flagString(f, 'validate'));
  const dryRun = dryRunStrategy(f);
  refuseServerDryRun(dryRun);
  const out = flagString(f, 'output');
  const fmt = out === '' || out === 'name' ? undefined : parseOutputFlag(out);
  const sources = manifestSources(io.ctx, flagList(f, 'filename'), flagString(f, 'kustomize'), flagBool(f, 'recursive'), (line) => io.err(line));
  const nsGiven = f.changed.has('namespace');
  for (const source of sources) {
    const parsed = parseManifests(source.content, source.path, validation);
    for (const doc of parsed.objects) {
      if (doc.error || !doc.def) {
        io.fail(doc.bare ? new KubectlError(doc.error ?? 'unknown error') : new PlainError(doc.error ?? 'unknown error'));
        continue;
      }
      const def = doc.def;
      let obj = JSON.parse(JSON.stringify(doc.obj)) as KObject;
      obj.metadata = obj.metadata ?? {};
      if (def.namespaced) {
        const own = obj.metadata.namespace;
        if (own && nsGiven && own !== scope.namespace) {
          io.fail(new PlainError(`the namespace from the provided object "${own}" does not match the namespace "${scope.namespace}". You must pass '--namespace=${own}' to perform this operation.`));
          continue;
        }
        obj.metadata.namespace = own || scope.namespace;
      } else delete obj.metadata.namespace;
      if (flagBool(f, 'save-config')) obj = withLastApplied(obj).modified;
      let shown = obj;
      if (dryRun === 'none') {
        try {
          shown = withTypeMeta(def, io.ctx.client.create(def.plural, obj, { ...(def.namespaced ? { namespace: obj.metadata?.namespace ?? scope.namespace } : {}), fieldValidation: validation, onWarning: (w: string) => io.err(`Warning: ${w}\n`) }));
        } catch (e) {
          io.fail(sourceError('creating', source.path, e));
          continue;
        }
      }
      if (out === '') io.out(`${nameRef(def, shown)} created${dryRun === 'client' ? ' (dry run)' : ''}\n`);
      else if (out === 'name') io.out(`${nameRef(def, shown)}\n`);
      else io.out(renderStructured(fmt!, shown));
    }
    if (parsed.error) io.fail(new PlainError(parsed.error));
  }
}
