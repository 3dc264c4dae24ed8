/**
 * Every manifest in the kubernetes/examples corpus either applies or fails with the error a real
 * 1.31 API server (or kubectl in front of it) gives — and the cluster keeps running after all of them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ScenarioRun } from '../src/scenario/runner';

const CORPUS = join(__dirname, '../../shared/corpus/kubernetes-examples');

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return manifests(p);
    return /\.(ya?ml|json)$/.test(f) ? [p] : [];
  }).sort();
}

/** Group/versions no 1.31 server serves, and API groups that only exist once a CRD or add-on is installed. */
const NOT_SERVED = /^(extensions\/v1beta1|apps\/v1beta[12]|policy\/v1beta1|storage\.k8s\.io\/v1beta1|batch\/v2alpha1|admissionregistration\.k8s\.io\/v1alpha1|monitoring\.coreos\.com\/.*|autoscaling\/v2beta[12])$/;

/** The shapes of error a real server or kubectl prints for a manifest. */
const REAL_ERRORS = [
  /^(error: )?resource mapping not found for name: ".*" namespace: ".*" from ".*": no matches for kind ".*" in version ".*"$/,
  /^ensure CRDs are installed first$/,
  /^Error from server \(NotFound\): error when creating ".*": namespaces ".*" not found$/,
  /^The .* ".*" is invalid: .*/,
  /^\* [a-zA-Z[\].0-9]+: .*/,
  // the diff that follows "pod updates may not change fields other than ..."
  /^(\s+|[-+] \t).*/,
  /^Error from server \((Invalid|Forbidden|BadRequest|AlreadyExists|Conflict)\): .*/,
  // the rest of "error when applying patch:" (the patch, the object it was for, the server's answer)
  /^\{.*\}$/,
  /^to:$/,
  /^Resource: ".*", GroupVersionKind: ".*"$/,
  /^Name: ".*", Namespace: ".*"$/,
  /^for: "STDIN": error when patching "STDIN": (strict decoding error: unknown field ".*"|.* cannot be handled as a .*)$/,
  /^error: error parsing .*/,
  /^error: error validating .*/,
  /^error: .*/,
];

const files = existsSync(CORPUS) ? manifests(CORPUS) : [];

describe('kubernetes/examples corpus', () => {
  it('is present beside the repository', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
  run.runUntil(10_000);
  const outcomes: { file: string; stdout: string; stderr: string; exitCode: number }[] = [];

  it('applies every manifest or fails with a real error, never crashing the core', () => {
    const unexpected: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const r = run.kubectl('apply -f -', text);
      outcomes.push({ file: relative(CORPUS, f), ...r });
      for (const line of r.stderr.split('\n').filter(Boolean)) {
        if (!REAL_ERRORS.some((re) => re.test(line))) unexpected.push(`${relative(CORPUS, f)}: ${line}`);
      }
      run.runUntil(run.cluster.clock.now() + 200);
    }
    expect(unexpected).toEqual([]);
    expect(outcomes.filter((o) => o.exitCode === 0).length).toBeGreaterThan(files.length / 3);
  });

  it('answers "no matches" for exactly the documents whose group/version a 1.31 server does not serve', () => {
    for (const o of outcomes) {
      const docs = parseAllDocuments(readFileSync(join(CORPUS, o.file), 'utf8'));
      for (const d of Array.isArray(docs) ? docs : [docs]) {
        const js = d.errors.length ? undefined : (d.toJS() as { apiVersion?: string; kind?: string } | null);
        if (!js?.apiVersion || !js.kind) continue;
        const said = o.stderr.includes(`no matches for kind "${js.kind}" in version "${js.apiVersion}"`);
        expect(said, `${o.file}: ${js.apiVersion} ${js.kind}`).toBe(NOT_SERVED.test(js.apiVersion));
      }
    }
  });

  it('keeps running for two virtual minutes after taking all of them', () => {
    expect(() => run.runUntil(run.cluster.clock.now() + 120_000)).not.toThrow();
    expect(run.kubectl('get nodes').exitCode).toBe(0);
  });
});
