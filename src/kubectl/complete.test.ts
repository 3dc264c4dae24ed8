import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import { completeLine } from './complete';
import { Kubeconfig } from './kubeconfig';

let client: Client;
const c = (line: string, cursor = line.length) => completeLine(line, cursor, client);

beforeEach(() => {
  const cluster = createCluster({ bare: true });
  client = cluster.client();
  for (const ns of ['default', 'kube-system', 'team-a']) {
    if (ns !== 'default' && ns !== 'kube-system') client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
  }
  for (const [name, ns] of [['web-1', 'default'], ['web-2', 'default'], ['db-0', 'default'], ['api-0', 'team-a']] as const) {
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
  }
});

describe('completeLine', () => {
  it('commands, with or without the leading kubectl', () => {
    expect(c('des')).toEqual({ from: 0, items: ['describe'] });
    expect(c('kubectl ro')).toEqual({ from: 8, items: ['rollout'] });
    expect(c('co').items).toEqual(['config', 'cordon']);
  });

  it('a short name typed whole becomes its type; a prefix lists the types it starts', () => {
    expect(c('get po')).toEqual({ from: 4, items: ['pods'] });
    expect(c('get deploy')).toEqual({ from: 4, items: ['deployments'] });
    expect(c('get pod').items).toEqual(['poddisruptionbudgets', 'pods', 'podtemplates']);
  });

  it('object names in the namespace of the line', () => {
    expect(c('get pods we')).toEqual({ from: 9, items: ['web-1', 'web-2'] });
    expect(c('get pods -n team-a ')).toEqual({ from: 19, items: ['api-0'] });
    expect(c('describe pod/d')).toEqual({ from: 9, items: ['pod/db-0'] });
    expect(c('logs w').items).toEqual(['web-1', 'web-2']);
    expect(c('logs --namespace=team-a a').items).toEqual(['api-0']);
  });

  it('namespaces after -n, formats after -o', () => {
    expect(c('get pods -n t')).toEqual({ from: 12, items: ['team-a'] });
    expect(c('get pods --namespace=kube-s')).toEqual({ from: 9, items: ['--namespace=kube-system'] });
    expect(c('get pods -o ya')).toEqual({ from: 12, items: ['yaml'] });
  });

  it("the command's flags: one that takes a value ends in =", () => {
    expect(c('scale deploy/web --rep')).toEqual({ from: 17, items: ['--replicas='] });
    expect(c('get pods --all-n')).toEqual({ from: 9, items: ['--all-namespaces'] });
    expect(c('rollout status --wat').items).toEqual(['--watch']);
  });

  it('subcommands, and nothing where nothing fits', () => {
    expect(c('rollout res').items).toEqual(['restart', 'resume']);
    expect(c('top n').items).toEqual(['node']);
    expect(c('frobnicate x').items).toEqual([]);
    expect(c('version ').items).toEqual([]);
  });

  it('after a bar, the filters', () => {
    expect(c('get pods | gr')).toEqual({ from: 11, items: ['grep'] });
    expect(c('get pods | grep web | ')).toEqual({ from: 22, items: ['grep', 'head', 'sort', 'tail', 'wc'] });
    expect(c('get pods | grep w').items).toEqual([]);
  });

  it('completes the word at the cursor, not the end of the line', () => {
    expect(c('get po web-1', 6)).toEqual({ from: 4, items: ['pods'] });
  });
});

describe('completeLine with a kubeconfig', () => {
  const kc = Kubeconfig.kubeadm('https://192.168.1.10:6443', ['alice', 'bob']);
  const ck = (line: string) => completeLine(line, line.length, client, kc);
  it('offers the context names to use-context, get-contexts and --context', () => {
    expect(ck('config use-context ')).toEqual({ from: 19, items: ['alice@kubernetes', 'bob@kubernetes', 'kubernetes-admin@kubernetes'] });
    expect(ck('kubectl config use-context a').items).toEqual(['alice@kubernetes']);
    expect(ck('config use-context alice@kubernetes ').items).toEqual([]);
    expect(ck('config get-contexts k').items).toEqual(['kubernetes-admin@kubernetes']);
    expect(ck('get pods --context=b').items).toEqual(['--context=bob@kubernetes']);
    expect(ck('get pods --user ').items).toEqual(['alice', 'bob', 'kubernetes-admin']);
  });
  it('offers the subcommands of config and auth, and ServiceAccounts to create token', () => {
    expect(ck('config ').items).toEqual(['current-context', 'get-clusters', 'get-contexts', 'get-users', 'set-context', 'use-context', 'view']);
    expect(ck('auth ').items).toEqual(['can-i', 'whoami']);
    expect(ck('auth can-i de').items).toEqual(['delete', 'deletecollection']);
    expect(ck('auth can-i list deploy').items).toEqual(['deployments']);
    expect(ck('create token ').items).toEqual(['default']);
    expect(ck('create token -n team-a d').items).toEqual(['default']);
  });
});
