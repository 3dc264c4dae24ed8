/**
 * An API request whose handler throws (a bug, not bad input) is a panic the API server recovers from
 * as WithPanicRecovery does: 500 with a plain-text body the client turns into an InternalError, the
 * audit record ending at 500, the panic logged — and the next request served as ever.
 */
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/sim/api/server';
import { StatusError } from '../../src/sim/api/types';
import type { KObject } from '../../src/sim/types';
import { BUG, emptyRun, kubectl, plantBug } from './kit';

const BODY = 'This request caused apiserver to panic. Look in the logs for details.';

const podYaml = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: app, image: "nginx:1.27"}]\n`;

describe('a request the API server panics on', () => {
  it('answers 500 InternalError with the body quoted, is audited with 500, and the next request is served', () => {
    const r = emptyRun();
    r.runUntil(5_000);
    // Admission of one object has a bug.
    plantBug(ApiServer.prototype, 'admit', (_api, args) => (args[2] as KObject).metadata?.name === 'boom');

    const res = r.act({ apply: podYaml('boom') });
    expect(res).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: `Error from server (InternalError): error when creating "STDIN": an error on the server ("${BODY}") has prevented the request from succeeding (post pods)\n`,
    });
    // The client's Status: reason InternalError, the resource, and the body as an unexpected response.
    let thrown: unknown;
    try {
      r.cluster.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'boom', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as StatusError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `an error on the server ("${BODY}") has prevented the request from succeeding (post pods)`,
      reason: 'InternalError',
      details: { kind: 'pods', causes: [{ reason: 'UnexpectedServerResponse', message: BODY }] },
      code: 500,
    });
    expect(r.cluster.api.audit.recent().filter((a) => a.code === 500)).toEqual([
      { atMs: 5_000, user: 'kubernetes-admin', verb: 'create', resource: 'pods', namespace: 'default', name: 'boom', code: 500 },
      { atMs: 5_000, user: 'kubernetes-admin', verb: 'create', resource: 'pods', namespace: 'default', name: 'boom', code: 500 },
    ]);
    expect(r.cluster.componentLog().filter((l) => l.component === 'kube-apiserver').map((l) => `${l.atMs} ${l.message}`)).toEqual([
      `5000 apiserver panic'd on POST /api/v1/namespaces/default/pods: ${BUG}`,
      `5000 apiserver panic'd on POST /api/v1/namespaces/default/pods: ${BUG}`,
    ]);

    // The server goes on: other requests, and the same object's read, are served.
    expect(r.act({ apply: podYaml('fine') })).toMatchObject({ exitCode: 0, stdout: 'pod/fine created\n' });
    expect(r.kubectl('get pod boom').stderr).toBe('Error from server (NotFound): pods "boom" not found\n');
    r.runUntil(10_000);
    expect(kubectl(r, 'get pods')).toBe('NAME   READY   STATUS    RESTARTS   AGE\nfine   1/1     Running   0          5s\n');
    // Nothing but the API server's two recovered panics.
    expect(r.cluster.panics.map((p) => p.process)).toEqual(['kube-apiserver', 'kube-apiserver']);
  });

  it("a component's request that panics is an error to the component, not a crash: the scheduler's bind is retried", () => {
    const r = emptyRun();
    r.runUntil(5_000);
    // The first binding of the pod panics in the server.
    const bug = plantBug(ApiServer.prototype, 'bind', (_api, args) => args[2] === 'web', 1);
    expect(r.act({ apply: podYaml('web') }).exitCode).toBe(0);
    r.runUntil(10_000);
    expect(bug.hits).toBe(1);
    // The binding's URL names the pod; the scheduler reports the failed bind and tries the pod again.
    const failed = r.kubectl('get events --field-selector reason=FailedScheduling').stdout;
    expect(failed).toContain(
      `Warning   FailedScheduling   pod/web   running Bind plugin "DefaultBinder": an error on the server ("${BODY}") has prevented the request from succeeding (post pods web)`,
    );
    expect(r.cluster.api.audit.recent().filter((a) => a.code === 500)).toEqual([
      { atMs: 5_000, user: 'system:kube-scheduler', verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'web', code: 500 },
    ]);
    expect(kubectl(r, 'get pods')).toMatch(/^NAME {3}READY {3}STATUS {4}RESTARTS {3}AGE\nweb {4}1\/1 {5}Running {3}0 {10}5s\n$/);
    expect(r.cluster.panics.map((p) => p.process)).toEqual(['kube-apiserver']);
    expect(r.cluster.processes.get('kube-scheduler')!.starts).toBe(1);
  });
});
