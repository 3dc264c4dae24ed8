/**
 * What a container sees of its volumes and its pod's files (the volume manager's part): ConfigMaps
 * and Secrets fetched through the API, and the files of the pod and the container's own script.
 */
import { isStatusError } from '../../api/types';
import { scriptRun } from '../behavior';
import { podFile, podFiles } from '../podenv';
import { podToken } from './tokens';
import type { ContainerRecord, PodRecord } from '../runtime';
import type { Kubelet } from './kubelet';

export class VolumeManager {
  constructor(readonly k: Kubelet) {}

  lookupConfig(kind: 'configmaps' | 'secrets', namespace: string, name: string): { data?: Record<string, string> } | undefined {
    try {
      return this.k.ctx.client.get<{ data?: Record<string, string> } & Record<string, unknown>>(kind, namespace, name) as { data?: Record<string, string> };
    } catch (e) {
      if (isStatusError(e)) return undefined;
      throw e;
    }
  }

  /** Reads a file as the container sees it: its own script's files first, then the pod's. */
  containerFile(rec: PodRecord, c: ContainerRecord, path: string): string | undefined {
    const run = c.run;
    if (run?.program.script) {
      const files = scriptRun(run.program, run.inputs, (p) => this.podFileFor(rec, c, p), this.k.ctx.clock.now() - run.startedAtMs, 1).files;
      if (files.has(path)) return files.get(path);
    }
    return this.podFileFor(rec, c, path);
  }

  podFileFor(rec: PodRecord, c: ContainerRecord, path: string): string | undefined {
    return podFile(rec.pod, c.spec, path, rec.sandbox?.ip ?? '', (k, ns, n) => this.lookupConfig(k, ns, n), rec.sandbox?.resolvConf, (src) => podToken(rec, src));
  }

  allPodFiles(rec: PodRecord, c: ContainerRecord): string[] {
    return [...podFiles(rec.pod, c.spec, rec.sandbox?.ip ?? '', (k, ns, n) => this.lookupConfig(k, ns, n), rec.sandbox?.resolvConf, (src) => podToken(rec, src)).keys()];
  }
}
