import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import { runKubectl } from '../kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });
const taints = (node: string) => (client.get('nodes', undefined, node) as unknown as Node).spec?.taints ?? [];
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

// One cluster for the file: each case leaves worker-1's taints as the next one expects.
beforeAll(() => {
  cluster = createCluster();
  cluster.runUntil(30_000);
  client = cluster.client();
});

describe('kubectl taint', () => {
  it('adds a taint, refuses the same key and effect again, and overwrites it with --overwrite', () => {
    expect(k('taint nodes worker-1 dedicated=gpu:NoSchedule')).toEqual(ok('node/worker-1 tainted\n'));
    expect(taints('worker-1')).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(k('taint nodes worker-1 dedicated=gpu:NoSchedule')).toEqual(err('error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n'));
    expect(k('taint node worker-1 dedicated=cpu:NoSchedule --overwrite')).toEqual(ok('node/worker-1 modified\n'));
    expect(k('taint no worker-1 dedicated:NoExecute')).toEqual(ok('node/worker-1 tainted\n'));
    expect(taints('worker-1')).toEqual([
      { key: 'dedicated', effect: 'NoExecute' },
      { key: 'dedicated', value: 'cpu', effect: 'NoSchedule' },
    ]);
  });

  it('removes by key and effect, or every effect of a key, and names a taint it cannot find', () => {
    expect(k('taint node worker-1 dedicated:NoExecute-')).toEqual(ok('node/worker-1 untainted\n'));
    expect(k('taint node worker-1 dedicated-')).toEqual(ok('node/worker-1 untainted\n'));
    expect(taints('worker-1')).toEqual([]);
    expect(k('taint node worker-1 dedicated-')).toEqual(err('error: taint "dedicated" not found\n'));
    expect(k('taint node worker-1 a- b:NoSchedule-')).toEqual(err('error: [taint "a" not found, taint "b:NoSchedule" not found]\n'));
  });

  it('taints every node with --all and the matching ones with -l; a client dry run changes nothing', () => {
    expect(k('taint nodes --all spot=true:PreferNoSchedule')).toEqual(ok('node/control-plane tainted\nnode/worker-1 tainted\nnode/worker-2 tainted\nnode/worker-3 tainted\n'));
    expect(k('taint nodes -l kubernetes.io/hostname=worker-2 spot- --dry-run=client')).toEqual(ok('node/worker-2 untainted (dry run)\n'));
    expect(taints('worker-2')).toEqual([{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }]);
    expect(k('taint node worker-2 zone=a:NoSchedule spot-')).toEqual(ok('node/worker-2 modified\n'));
    expect(k('taint nodes worker-3 x=y:NoSchedule -o name')).toEqual(ok('node/worker-3\n'));
  });

  it('refuses bad specs and arguments in kubectl\'s words', () => {
    expect(k('taint node worker-1 a=b')).toEqual(
      err("error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint -h' for help and examples\n"),
    );
    expect(k('taint node worker-1 a:Never')).toEqual(err("error: invalid taint effect: Never, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n"));
    expect(k('taint node worker-1 a:NoSchedule a=b:NoSchedule')).toEqual(err("error: duplicated taints with the same key and effect: {a b NoSchedule <nil>}\nSee 'kubectl taint -h' for help and examples\n"));
    expect(k('taint pods web a=b:NoSchedule')).toEqual(err('error: invalid resource type pods, only node types are supported\n'));
    expect(k('taint nodes worker-1')).toEqual(err('error: at least one taint update is required\n'));
    expect(k('taint nodes a:NoSchedule')).toEqual(err("error: at least one resource name must be specified since 'all' parameter is not set\n"));
    expect(k('taint a:NoSchedule')).toEqual(err('error: one or more resources must be specified as <resource> <name>\n'));
    expect(k('taint nodes a:NoSchedule worker-1')).toEqual(err('error: all resources must be specified before taint changes: worker-1\n'));
    expect(k('taint nodes worker-1 x=y:NoSchedule x-')).toEqual(err('error: can not both modify and remove the following taint(s) in the same command: {"x":""}\n'));
    expect(k('taint nodes --all -l a=b x=y:NoSchedule')).toEqual(err("error: setting 'all' parameter with a non empty selector is prohibited\n"));
    expect(k('taint nodes nope x=y:NoSchedule')).toEqual(err('Error from server (NotFound): nodes "nope" not found\n'));
  });
});
