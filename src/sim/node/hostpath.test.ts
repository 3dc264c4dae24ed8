import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { cidr } from '../network/ipv4';
import type { Container, Pod } from '../types';
import { Machine } from './machine';
import { applyHostPathCopy, ELF_MAGIC } from './hostpath';

const m = () => new Machine({ name: 'n', ip: '192.168.1.10', lan: cidr('192.168.1.0/24'), gateway: '192.168.1.1', stream: new Rng(1).stream('m') });

function pod(volumes: NonNullable<Pod['spec']>['volumes']): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], volumes } };
}

describe('a cp into a hostPath volume', () => {
  it('writes the file onto the machine at the host path, binaries as executables', () => {
    const machine = m();
    const p = pod([{ name: 'cni-plugin', hostPath: { path: '/opt/cni/bin' } }, { name: 'cni', hostPath: { path: '/etc/cni/net.d' } }, { name: 'cfg', configMap: { name: 'x' } }]);
    const plugin: Container = { name: 'a', image: 'docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2', volumeMounts: [{ name: 'cni-plugin', mountPath: '/opt/cni/bin' }] };
    expect(applyHostPathCopy(p, plugin, ['cp', '-f', '/flannel', '/opt/cni/bin/flannel'], () => undefined, machine)).toBe('/opt/cni/bin/flannel');
    expect(machine.readFile('/opt/cni/bin/flannel')).toBe(ELF_MAGIC);
    const conf: Container = { name: 'b', image: 'docker.io/flannel/flannel:v0.25.6', volumeMounts: [{ name: 'cni', mountPath: '/etc/cni/net.d' }, { name: 'cfg', mountPath: '/etc/kube-flannel/' }] };
    const files: Record<string, string> = { '/etc/kube-flannel/cni-conf.json': '{"name":"cbr0"}' };
    expect(applyHostPathCopy(p, conf, ['cp', '-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'], (f) => files[f], machine)).toBe('/etc/cni/net.d/10-flannel.conflist');
    expect(machine.readFile('/etc/cni/net.d/10-flannel.conflist')).toBe('{"name":"cbr0"}');
    // Into the mounted directory itself; not through a read-only mount; nothing for other commands.
    expect(applyHostPathCopy(p, conf, ['cp', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d'], (f) => files[f], machine)).toBe('/etc/cni/net.d/cni-conf.json');
    expect(applyHostPathCopy(p, { ...conf, volumeMounts: [{ name: 'cni', mountPath: '/etc/cni/net.d', readOnly: true }] }, ['cp', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/x'], (f) => files[f], machine)).toBeUndefined();
    expect(applyHostPathCopy(p, conf, ['mv', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/y'], (f) => files[f], machine)).toBeUndefined();
  });
});
