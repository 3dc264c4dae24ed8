import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../cluster';
import type { KObject } from '../types';
import { StatusError, type Status } from './types';

let cluster: Cluster;

function statusOf(fn: () => unknown): Status {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const admin = () => cluster.client('kubernetes-admin');
const request = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata, spec }) as unknown as KObject;
const tokenFor = (sa: string, body: KObject) => admin().create('serviceaccounts', body, { namespace: 'default', subresource: 'token', name: sa }) as unknown as { metadata: Record<string, unknown>; status: { expirationTimestamp: string } };
const pod = (name: string, serviceAccountName: string): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { serviceAccountName, containers: [{ name: 'c', image: 'busybox' }] } }) as unknown as KObject;

beforeEach(() => {
  cluster = createCluster({ bare: true });
  for (const name of ['default', 'app']) admin().create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'default' } } as KObject);
});

describe('TokenRequest', () => {
  it('answers with the ServiceAccount name and namespace and the time it was made', () => {
    const out = tokenFor('app', request({ expirationSeconds: 600 }));
    const now = cluster.clock.timestamp(cluster.clock.now());
    expect(out.metadata).toEqual({ name: 'app', namespace: 'default', creationTimestamp: now });
    expect(out.status.expirationTimestamp).toBe(cluster.clock.timestamp(cluster.clock.now() + 600_000));
  });

  it('looks the ServiceAccount up before validating the request', () => {
    const missing = statusOf(() => tokenFor('nosuch', request({ expirationSeconds: 300 })));
    expect([missing.code, missing.message]).toEqual([404, 'serviceaccounts "nosuch" not found']);
    const short = statusOf(() => tokenFor('app', request({ expirationSeconds: 300 })));
    expect([short.code, short.message]).toEqual([422, 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes']);
  });

  it('refuses a body naming another ServiceAccount or namespace, before the lookup', () => {
    const name = statusOf(() => tokenFor('nosuch', request({}, { name: 'other' })));
    expect([name.code, name.message]).toEqual([422, 'TokenRequest.authentication.k8s.io "nosuch" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified']);
    const ns = statusOf(() => tokenFor('app', request({}, { namespace: 'kube-system' })));
    expect(ns.message).toBe('TokenRequest.authentication.k8s.io "app" is invalid: metadata.namespace: Invalid value: "kube-system": must match the service account namespace if specified');
  });

  it('binds to a pod only when it runs as the ServiceAccount, and only when the UID given is the pod\'s', () => {
    const created = admin().create('pods', pod('web', 'app'));
    admin().create('pods', pod('other', 'default'));
    expect(statusOf(() => tokenFor('app', request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'other' } })))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'cannot bind token for serviceaccount "app" to pod running with different serviceaccount name.',
    });
    const stale = statusOf(() => tokenFor('app', request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'old-uid' } })));
    expect([stale.code, stale.reason, stale.message]).toEqual([
      409,
      'Conflict',
      'Operation cannot be fulfilled on Pod "web": the UID in the bound object reference (old-uid) does not match the UID in record. The object might have been deleted and then recreated',
    ]);
    expect(statusOf(() => tokenFor('app', request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'gone' } }))).message).toBe('pods "gone" not found');
    expect(tokenFor('app', request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: created.metadata.uid } })).metadata.name).toBe('app');
  });

  it('refuses a kind it cannot bind to, naming its group, version and kind', () => {
    expect(statusOf(() => tokenFor('app', request({ boundObjectRef: { kind: 'ConfigMap', apiVersion: 'v1', name: 'x' } })))).toMatchObject({ code: 400, message: 'cannot bind token to object of type /v1, Kind=ConfigMap' });
    expect(statusOf(() => tokenFor('app', request({ boundObjectRef: { kind: 'Pod', apiVersion: 'apps/v1', name: 'web' } }))).message).toBe('cannot bind token to object of type apps/v1, Kind=Pod');
  });

  it('binds to a Node, which must exist; the token dies with the node', () => {
    expect(statusOf(() => tokenFor('app', request({ boundObjectRef: { kind: 'Node', apiVersion: 'v1', name: 'nowhere' } }))).message).toBe('nodes "nowhere" not found');
    admin().create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } } as KObject);
    const out = tokenFor('app', request({ boundObjectRef: { kind: 'Node', apiVersion: 'v1', name: 'n1' } })) as unknown as { status: { token: string } };
    expect(cluster.api.authenticateToken(out.status.token)?.name).toBe('system:serviceaccount:default:app');
    admin().delete('nodes', undefined, 'n1');
    expect(cluster.api.authenticateToken(out.status.token)).toBeUndefined();
  });
});
