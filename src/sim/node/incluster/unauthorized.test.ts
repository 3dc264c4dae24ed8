import { describe, expect, it } from 'vitest';
import { unauthorizedOutput } from './unauthorized';

const CREDENTIALS = 'the server has asked for the client to provide credentials';
const DISCOVERY = `"Unhandled Error" err="couldn't get current server API group list: ${CREDENTIALS}"`;

/** The lines, each memcache line's klog header cut off. */
function out(line: string): string[] {
  return unauthorizedOutput(line.split(' '), 0, 1).replace(/\n$/, '').split('\n').map((l) => l.replace(/^E\d{4} [\d:.]+ +\d+ memcache\.go:265\] /, ''));
}

describe('kubectl answered 401 (as kubectl 1.32 prints it)', () => {
  it('retries discovery, then says it must be logged in, quoting the discovery error', () => {
    expect(out('get pods')).toEqual([DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, `error: You must be logged in to the server (${CREDENTIALS})`]);
    expect(out('logs web')).toEqual([DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, `error: You must be logged in to the server (${CREDENTIALS})`]);
    expect(out('-n kube-system get pods')).toEqual([DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, `error: You must be logged in to the server (${CREDENTIALS})`]);
    expect(out('run x --image=nginx')).toEqual([DISCOVERY, `error: You must be logged in to the server (${CREDENTIALS})`]);
  });

  it('quotes the Status message for requests made without discovery', () => {
    expect(out('auth whoami')).toEqual(['error: You must be logged in to the server (Unauthorized)']);
    expect(out('auth can-i --list')).toEqual(['error: You must be logged in to the server (Unauthorized)']);
    expect(out('auth can-i get pods')).toEqual([DISCOVERY, DISCOVERY, "Warning: the server doesn't have a resource type 'pods'", '', 'error: You must be logged in to the server (Unauthorized)']);
    expect(out('create namespace n')).toEqual(['error: You must be logged in to the server (Unauthorized)']);
  });

  it('gives the create generators\' own wording', () => {
    expect(out('create configmap a --from-literal=a=b')).toEqual(['error: failed to create configmap: Unauthorized']);
    expect(out('create sa s')).toEqual(['error: failed to create serviceaccount: Unauthorized']);
    expect(out('create secret generic s --from-literal=a=b')).toEqual(['error: failed to create secret Unauthorized']);
    expect(out('create pdb p --selector=a=b --min-available=1')).toEqual(['error: failed to create poddisruptionbudgets: Unauthorized']);
    expect(out('create service nodeport s --tcp=80')).toEqual(['error: failed to create NodePort service: Unauthorized']);
    expect(out('create service clusterip s --tcp=80')).toEqual(['error: failed to create ClusterIP service: Unauthorized']);
  });

  it('fails validation first for a file, or cannot map it without validation', () => {
    expect(out('apply -f cm.yaml')).toEqual([`error: error validating "cm.yaml": error validating data: failed to download openapi: ${CREDENTIALS}; if you choose to ignore these errors, turn validation off with --validate=false`]);
    expect(out('apply -f cm.yaml --validate=false')).toEqual([DISCOVERY, `error: unable to recognize "cm.yaml": ${CREDENTIALS}`]);
    expect(out('delete -f cm.yaml')).toEqual([DISCOVERY, `error: unable to recognize "cm.yaml": ${CREDENTIALS}`]);
  });
});
