import { describe, expect, it } from 'vitest';
import { kubetab } from '../../../test/cli';
import { fixture } from './testutil';

describe('kubectl describe endpointslice', () => {
  it('prints the ports table and each endpoint with <unset> for what it lacks', () => {
    const f = fixture();
    f.create('endpointslices', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc12', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }], endpoints: [
      { addresses: ['10.244.1.3'], conditions: { ready: true }, nodeName: 'worker-1', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } },
      { addresses: ['10.244.2.4'], conditions: {}, hostname: 'web-2', zone: 'zone-a' },
    ] });
    expect(f.k('describe endpointslice web-abc12')).toBe(
      [
        'Name:         web-abc12',
        'Namespace:    default',
        'Labels:       kubernetes.io/service-name=web',
        'Annotations:  <none>',
        'AddressType:  IPv4',
        'Ports:',
        '  Name     Port  Protocol',
        '  ----     ----  --------',
        '  http     8080  TCP',
        '  <unset>  9090  TCP',
        'Endpoints:',
        '  - Addresses:  10.244.1.3',
        '    Conditions:',
        '      Ready:    true',
        '    Hostname:   <unset>',
        '    TargetRef:  Pod/web-1',
        '    NodeName:   worker-1',
        '    Zone:       <unset>',
        '  - Addresses:  10.244.2.4',
        '    Conditions:',
        '      Ready:   <unset>',
        '    Hostname:  web-2',
        '    NodeName:  <unset>',
        '    Zone:      zone-a',
        'Events:        <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints `Ports: <unset>` and `Endpoints: <none>` for an empty slice', () => {
    const f = fixture();
    f.create('endpointslices', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'empty', namespace: 'default' }, addressType: 'IPv4', endpoints: [] });
    expect(f.k('describe endpointslice empty')).toBe(
      [
        'Name:         empty',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        'AddressType:  IPv4',
        'Ports: <unset>',
        'Endpoints: <none>',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });

  it('describes the slice of a Service with three ready pods, in a run', () => {
    const r = kubetab(['run', 'examples/web.yaml', '--until', '60s', '--exec', 'describe endpointslices -l kubernetes.io/service-name=web']);
    const out = r.stdout;
    expect(out).toMatch(/^==> .*\nName: +web-[a-z0-9]{5}\nNamespace: +default\nLabels: +endpointslice\.kubernetes\.io\/managed-by=endpointslice-controller\.k8s\.io\n +kubernetes\.io\/service-name=web\n/);
    expect(out).toContain('\nAddressType:  IPv4\nPorts:\n  Name     Port  Protocol\n  ----     ----  --------\n  <unset>  80    TCP\nEndpoints:\n');
    expect(out.match(/\n {2}- Addresses: {2}10\.244\.\d+\.\d+\n {4}Conditions:\n {6}Ready: {4}true\n {4}Hostname: {3}<unset>\n {4}TargetRef: {2}Pod\/web-[a-z0-9]+-[a-z0-9]{5}\n {4}NodeName: {3}worker-\d\n {4}Zone: {7}<unset>/g)).toHaveLength(3);
  });
});
