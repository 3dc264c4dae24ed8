import { describe, expect, it } from 'vitest';
import { kubetab } from '../../../test/cli';
import { fixture } from './testutil';

// kubectl breaks each rule down to one verb per group/resource/name, merges the verbs back per
// group/resource/name, and sorts by the rule's String() (which starts with the verbs).
describe('kubectl describe role and clusterrole', () => {
  it('prints the compacted, sorted PolicyRule table with Go-style lists', () => {
    const f = fixture();
    f.create('roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' }, rules: [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config', 'flags'], verbs: ['get'] },
    ] });
    expect(f.k('describe role pod-reader')).toBe(
      [
        'Name:         pod-reader',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources         Non-Resource URLs  Resource Names  Verbs',
        '  ---------         -----------------  --------------  -----',
        '  deployments.apps  []                 []              [get update patch]',
        '  pods/log          []                 []              [get watch list]',
        '  pods              []                 []              [get watch list]',
        '  configmaps        []                 [app-config]    [get]',
        '  configmaps        []                 [flags]         [get]',
        '',
      ].join('\n'),
    );
  });

  it('prints non-resource URLs with an empty Resources cell', () => {
    const f = fixture();
    f.create('clusterroles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ nonResourceURLs: ['/healthz', '/livez'], verbs: ['get'] }] });
    expect(f.k('describe clusterrole health')).toBe(
      [
        'Name:         health',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources  Non-Resource URLs  Resource Names  Verbs',
        '  ---------  -----------------  --------------  -----',
        '             [/healthz]         []              [get]',
        '             [/livez]           []              [get]',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe rolebinding and clusterrolebinding', () => {
  it('prints the role reference and the subjects table', () => {
    const f = fixture();
    f.create('rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'build', namespace: 'ci' }] });
    expect(f.k('describe rolebinding read-pods')).toBe(
      [
        'Name:         read-pods',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  Role',
        '  Name:  pod-reader',
        'Subjects:',
        '  Kind            Name   Namespace',
        '  ----            ----   ---------',
        '  User            jane   ',
        '  ServiceAccount  build  ci',
        '',
      ].join('\n'),
    );
  });

  it('describes the flannel ClusterRole and its binding the default cluster ships, in a run', () => {
    const r = kubetab(['run', 'examples/web.yaml', '--until', '5s', '--exec', 'describe clusterrole flannel', '--exec', 'describe clusterrolebinding flannel']);
    expect(r.stdout).toBe(
      [
        '==> kubectl describe clusterrole flannel',
        'Name:         flannel',
        'Labels:       k8s-app=flannel',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources     Non-Resource URLs  Resource Names  Verbs',
        '  ---------     -----------------  --------------  -----',
        '  nodes         []                 []              [get list watch]',
        '  pods          []                 []              [get]',
        '  nodes/status  []                 []              [patch]',
        '==> kubectl describe clusterrolebinding flannel',
        'Name:         flannel',
        'Labels:       k8s-app=flannel',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  ClusterRole',
        '  Name:  flannel',
        'Subjects:',
        '  Kind            Name     Namespace',
        '  ----            ----     ---------',
        '  ServiceAccount  flannel  kube-flannel',
        '',
      ].join('\n'),
    );
  });
});
