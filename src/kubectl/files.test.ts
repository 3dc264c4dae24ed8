import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../scenario/runner';
import { scenarioFromObject, scenarioToObject, type Scenario } from '../scenario/format';
import { decodeShare, encodeShare } from '../scenario/urlCodec';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;
const FILES = { 'web.yaml': WEB, 'app/one.yaml': cm('one'), 'app/two.yml': cm('two'), 'app/README.md': '# not a manifest\n', 'app/sub/three.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three' } }) };

function run(lines: string[]): { out: string; exitCode: number }[] {
  const r = new ScenarioRun({ seed: 1, cluster: {}, files: FILES, actions: lines.map((kubectl) => ({ atMs: 1000, kubectl })) });
  r.runUntil(2000);
  return r.results.map((x) => ({ out: x.stdout + x.stderr, exitCode: x.exitCode }));
}

describe('the scenario file area', () => {
  it('apply -f FILE reads the file; -f DIR its manifests in lexical order; -R goes into subdirectories', () => {
    expect(run(['apply -f web.yaml', 'apply -f app', 'apply -f app/ -R'])).toEqual([
      { out: 'deployment.apps/web created\n', exitCode: 0 },
      { out: 'configmap/one created\nconfigmap/two created\n', exitCode: 0 },
      { out: 'configmap/one unchanged\nconfigmap/three created\nconfigmap/two unchanged\n', exitCode: 0 },
    ]);
  });

  it('a path that is not there is kubectl\'s error, and nothing is applied', () => {
    expect(run(['apply -f web.yaml -f nope.yaml', 'get deploy'])).toEqual([
      { out: 'error: the path "nope.yaml" does not exist\n', exitCode: 1 },
      { out: 'No resources found in default namespace.\n', exitCode: 0 },
    ]);
  });

  it('parses files strictly: relative, /-separated paths without . or .., text contents', () => {
    const base = { apiVersion: 'kubetab/v1', kind: 'Scenario', actions: [] };
    const bad = (files: unknown): string => {
      try {
        scenarioFromObject({ ...base, files });
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(bad({ '/etc/x.yaml': '' })).toBe('files: "/etc/x.yaml": a path must be relative');
    expect(bad({ 'a/../x.yaml': '' })).toBe('files: "a/../x.yaml": a path must not contain ".."');
    expect(bad({ 'a\\x.yaml': '' })).toBe('files: "a\\\\x.yaml": a path is separated by "/", not by backslashes');
    expect(bad({ 'a//x.yaml': '' })).toBe('files: "a//x.yaml": a path must not have an empty segment');
    expect(bad({ 'x.yaml': 3 })).toBe('files: "x.yaml": expected the file\'s text, got the number 3');
    expect(bad({ a: '', 'a/b.yaml': '' })).toBe('files: "a/b.yaml": "a" makes one of them both a file and a directory');
    expect(bad(['x'])).toBe('files: expected a mapping of path to content, got a list');
  });

  it('goes round a share link, and a link without files still decodes', () => {
    const s: Scenario = { seed: 1, cluster: {}, actions: [{ atMs: 1000, kubectl: 'apply -f web.yaml' }], files: FILES };
    const back = decodeShare(encodeShare(s, 5000));
    expect(back).toMatchObject({ ok: true, atMs: 5000, scenario: s });
    expect(scenarioToObject(s).files).toEqual(FILES);
    const plain = decodeShare(encodeShare({ seed: 1, cluster: {}, actions: [] }, 0));
    expect(plain.ok && plain.scenario.files).toBe(undefined);
  });
});

describe('the file area read by delete -f and the shared resolver', () => {
  it('delete -f FILE and -f DIR read the file area; a directory with no manifest is the builder\'s error', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, files: { ...FILES, 'docs/README.md': '# x\n' }, actions: ['apply -f web.yaml', 'apply -f app', 'delete -f ./app/', 'delete -f web.yaml', 'apply -f docs', 'delete -f nope.yaml'].map((kubectl) => ({ atMs: 1000, kubectl })) });
    r.runUntil(2000);
    expect(r.results.slice(2).map((x) => [x.stdout + x.stderr, x.exitCode])).toEqual([
      ['configmap "one" deleted\nconfigmap "two" deleted\n', 0],
      ['deployment.apps "web" deleted\n', 0],
      ['error: error reading [docs]: recognized file extensions are [.json .yaml .yml]\n', 1],
      ['error: the path "nope.yaml" does not exist\n', 1],
    ]);
  });

  it('create configmap --from-file reads a file or a directory through the same resolver', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, files: FILES, actions: ['create configmap c1 --from-file=./app/one.yaml', 'create configmap c2 --from-file=app/', 'get cm c2 -o jsonpath={.data}'].map((kubectl) => ({ atMs: 1000, kubectl })) });
    r.runUntil(2000);
    expect(r.results.map((x) => x.stdout + x.stderr)).toEqual(['configmap/c1 created\n', 'configmap/c2 created\n', expect.stringContaining('"README.md"')]);
  });
});
