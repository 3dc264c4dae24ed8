import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../scenario/runner';

const cm = (name: string, ns = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}data:\n  a: "1"\n`;
const FILES = {
  'web.yaml': cm('web'),
  'more/a.yaml': `${cm('one')}---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: f\n---\n${cm('two', 'kube-system')}`,
  'more/sub/b.yaml': cm('three'),
  'k/kustomization.yaml': 'resources:\n- ../web.yaml\n',
  'kk/kustomization.yaml': 'configMapGenerator:\n- name: gen\n  literals:\n  - a=1\n',
};

function run(lines: string[]): { out: string; err: string; exitCode: number }[] {
  const r = new ScenarioRun({ seed: 1, cluster: {}, files: FILES, actions: lines.map((kubectl) => ({ atMs: 1000, kubectl })) });
  r.runUntil(2000);
  return r.results.map((x) => ({ out: x.stdout, err: x.stderr, exitCode: x.exitCode }));
}

describe('kubectl create -f / -k', () => {
  it('creates every document; one already there is AlreadyExists with its file, and the others go on', () => {
    expect(run(['create -f web.yaml', 'create -f web.yaml', 'create -f more -R', 'create -f more -R -o name'])).toEqual([
      { out: 'configmap/web created\n', err: '', exitCode: 0 },
      { out: '', err: 'Error from server (AlreadyExists): error when creating "web.yaml": configmaps "web" already exists\n', exitCode: 1 },
      {
        out: 'configmap/one created\nconfigmap/two created\nconfigmap/three created\n',
        err: 'error: resource mapping not found for name: "f" namespace: "" from "more/a.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
        exitCode: 1,
      },
      {
        out: '',
        err:
          'Error from server (AlreadyExists): error when creating "more/a.yaml": configmaps "one" already exists\nresource mapping not found for name: "f" namespace: "" from "more/a.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n' +
          'Error from server (AlreadyExists): error when creating "more/a.yaml": configmaps "two" already exists\nError from server (AlreadyExists): error when creating "more/sub/b.yaml": configmaps "three" already exists\n',
        exitCode: 1,
      },
    ]);
  });

  it('--dry-run=client sends nothing; -n against an object of another namespace is refused', () => {
    expect(run(['create -f more/sub/b.yaml --dry-run=client', 'get cm three', 'create -f more/a.yaml -n default'])).toEqual([
      { out: 'configmap/three created (dry run)\n', err: '', exitCode: 0 },
      { out: '', err: 'Error from server (NotFound): configmaps "three" not found\n', exitCode: 1 },
      {
        out: 'configmap/one created\n',
        err: 'resource mapping not found for name: "f" namespace: "" from "more/a.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\nthe namespace from the provided object "kube-system" does not match the namespace "default". You must pass \'--namespace=kube-system\' to perform this operation.\n',
        exitCode: 1,
      },
    ]);
  });

  // gen-h29d89cmmt: the name the real `kubectl kustomize` gives this generator.
  it('-k builds the kustomization and creates what it gives; -f with -k and -k with -R are refused', () => {
    expect(run(['create -k kk', 'create -k k -f web.yaml', 'create -k k -R', 'delete -k kk', 'delete -k k -f web.yaml'])).toEqual([
      { out: 'configmap/gen-h29d89cmmt created\n', err: '', exitCode: 0 },
      { out: '', err: 'Error: only one of -f or -k can be specified\n', exitCode: 1 },
      { out: '', err: "error: the -k flag can't be used with -f or -R\n", exitCode: 1 },
      { out: 'configmap "gen-h29d89cmmt" deleted\n', err: '', exitCode: 0 },
      { out: '', err: 'error: only one of -f or -k can be specified\n', exitCode: 1 },
    ]);
  });
});
