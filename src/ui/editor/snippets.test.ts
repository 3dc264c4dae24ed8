import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from '../../worker/host';
import { hostHarness as harness } from '../../../test/worker/hostHarness';
import type { FromWorker } from '../../worker/protocol';
import { SNIPPETS, withSnippet } from './snippets';

type Applied = Extract<FromWorker, { type: 'applied' }>;
type Problems = Extract<FromWorker, { type: 'manifestProblems' }>;

describe('the editor’s snippets', () => {
  it('each applies cleanly on the default cluster, and all of them together', () => {
    const { host, sent } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    let all = '';
    for (const s of SNIPPETS) all = withSnippet(all, s.yaml).text;
    host.handle({ type: 'validateManifest', id: 1, yaml: all });
    expect(sent.find((m): m is Problems => m.type === 'manifestProblems')!.problems).toEqual([]);
    host.handle({ type: 'apply', id: 2, yaml: all });
    const a = sent.find((m): m is Applied => m.type === 'applied' && m.id === 2)!;
    expect(a.stderr).toBe('');
    expect(a.stdout).toBe(
      [
        'deployment.apps/web created',
        'service/web created',
        'ingress.networking.k8s.io/web created',
        'networkpolicy.networking.k8s.io/web-allow-frontend created',
        'job.batch/pi created',
        'cronjob.batch/hello created',
        'service/db created',
        'statefulset.apps/db created',
        'configmap/web-config created',
        'serviceaccount/pod-reader created',
        'role.rbac.authorization.k8s.io/pod-reader created',
        'rolebinding.rbac.authorization.k8s.io/pod-reader created',
        '',
      ].join('\n'),
    );
  });

  it('adds a snippet alone to an empty buffer, or as a new document after the last', () => {
    expect(withSnippet('  \n', 'kind: A\n')).toEqual({ text: 'kind: A\n', startLine: 1 });
    expect(withSnippet('kind: B', 'kind: A\n')).toEqual({ text: 'kind: B\n---\nkind: A\n', startLine: 3 });
  });
});
