import { describe, expect, it } from 'vitest';
import { fixture } from './testutil';

// Shapes checked against describe.go's ConfigMap/Secret/ServiceAccount describers and the samples in
// the Kubernetes docs ("Configure a Pod to Use a ConfigMap", "Managing Secrets using kubectl").
describe('kubectl describe configmap', () => {
  it('prints each data key with its value, binary data as sizes, then the events', () => {
    const f = fixture();
    f.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default', labels: { app: 'web' } }, data: { mode: 'dark', 'game.properties': 'lives=3\nenemies=aliens' }, binaryData: { logo: 'AAECAw==' } });
    expect(f.k('describe configmap app')).toBe(
      [
        'Name:         app',
        'Namespace:    default',
        'Labels:       app=web',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'game.properties:',
        '----',
        'lives=3',
        'enemies=aliens',
        '',
        'mode:',
        '----',
        'dark',
        '',
        '',
        'BinaryData',
        '====',
        'logo: 4 bytes',
        '',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints the empty Data and BinaryData sections of an empty map', () => {
    const f = fixture();
    f.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', namespace: 'default' } });
    expect(f.k('describe cm empty')).toBe(['Name:         empty', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Data', '====', '', 'BinaryData', '====', '', 'Events:  <none>', ''].join('\n'));
  });
});

describe('kubectl describe secret', () => {
  it('prints the type and each key with its size in bytes, never the value, and no events', () => {
    const f = fixture();
    f.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, type: 'Opaque', data: { username: 'YWRtaW4=', password: 'czNjcmV0' } });
    const out = f.k('describe secret db');
    expect(out).toBe(['Name:         db', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====', 'password:  6 bytes', 'username:  5 bytes', ''].join('\n'));
    expect(out).not.toContain('s3cret');
  });

  it('prints the token of a service-account token Secret, as kubectl does', () => {
    const f = fixture();
    f.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'build', namespace: 'default' } });
    f.create('secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'build-token', namespace: 'default', annotations: { 'kubernetes.io/service-account.name': 'build' } },
      type: 'kubernetes.io/service-account-token',
      data: { token: 'ZXlKaGJHY2k=', namespace: 'ZGVmYXVsdA==' },
    });
    expect(f.k('describe secret build-token')).toContain('\nnamespace:  7 bytes\ntoken:      eyJhbGci\n');
  });
});

describe('kubectl describe serviceaccount', () => {
  it('lists pull secrets, mountable secrets and tokens, marking the ones that do not exist', () => {
    const f = fixture();
    f.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: {} });
    f.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'build', namespace: 'default' }, secrets: [{ name: 'db' }, { name: 'gone' }], imagePullSecrets: [{ name: 'regcred' }] });
    expect(f.k('describe sa build')).toBe(
      [
        'Name:                build',
        'Namespace:           default',
        'Labels:              <none>',
        'Annotations:         <none>',
        'Image pull secrets:  regcred (not found)',
        'Mountable secrets:   db',
        '                     gone (not found)',
        'Tokens:              <none>',
        'Events:              <none>',
        '',
      ].join('\n'),
    );
  });
});
