import { describe, expect, it } from 'vitest';
import type { KObject, Node, Pod } from '../../../types';
import { StaticSnapshot } from '../../framework/snapshot';
import { makeNode, makePod } from '../../testing/wrappers';
import { pluginHandle, runFilterAll } from '../../testing/harness';
import { ErrReasonBindConflict, ErrReasonNodeConflict, ErrReasonUnboundImmediate, newVolumeBinding } from './volumeBinding';
import { ErrReasonConflict as ZoneConflict, newVolumeZone } from '../volumeZone/volumeZone';
import { ErrReasonDiskConflict, ErrReasonReadWriteOncePodConflict, newVolumeRestrictions } from '../volumeRestrictions/volumeRestrictions';
import { ErrReasonMaxVolumeCountExceeded, newInTreeVolumeLimits, newNodeVolumeLimits } from '../nodeVolumeLimits/nodeVolumeLimits';

const pvc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec, status } as KObject);
const pv = (name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, ...(labels ? { labels } : {}) }, spec } as KObject);
const sc = (name: string, mode: 'Immediate' | 'WaitForFirstConsumer', provisioner = 'example.com/csi'): KObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, volumeBindingMode: mode } as KObject);
const zoneAffinity = (zone: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } });

function run(factory: (h: ReturnType<typeof pluginHandle>) => Parameters<typeof runFilterAll>[0], pod: Pod, nodes: Node[], objects: KObject[], existing: Pod[] = []) {
  const snap = new StaticSnapshot(nodes, existing);
  return runFilterAll(factory(pluginHandle(snap, objects)), pod, snap);
}

const nodes = () => [makeNode('n1').zone('z1').obj(), makeNode('n2').zone('z2').obj()];
const vb = (h: ReturnType<typeof pluginHandle>) => newVolumeBinding(undefined, h);

describe('VolumeBinding', () => {
  it('a claim that does not exist fails the whole cycle with the lister error', () => {
    expect(run(vb, makePod('p').pvc('data').obj(), nodes(), [])).toEqual({ n1: { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "data" not found'] }, n2: { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "data" not found'] } });
  });
  it('an unbound claim of an Immediate class waits for the PV controller', () => {
    const r = run(vb, makePod('p').pvc('data').obj(), nodes(), [pvc('data', { storageClassName: 'fast' }), sc('fast', 'Immediate')]);
    expect(r.n1).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [ErrReasonUnboundImmediate] });
  });
  it('a bound claim pins the pod to the nodes its PV’s node affinity accepts', () => {
    const objs = [pvc('data', { volumeName: 'pv1' }), pv('pv1', { nodeAffinity: zoneAffinity('z1') })];
    expect(run(vb, makePod('p').pvc('data').obj(), nodes(), objs)).toEqual({ n1: null, n2: { code: 'UnschedulableAndUnresolvable', reasons: [ErrReasonNodeConflict] } });
  });
  it('a WaitForFirstConsumer claim finds a matching free PV only on nodes the PV can reach', () => {
    const objs = [
      pvc('data', { storageClassName: 'local', resources: { requests: { storage: '5Gi' } }, accessModes: ['ReadWriteOnce'] }),
      sc('local', 'WaitForFirstConsumer', 'kubernetes.io/no-provisioner'),
      pv('pv-z2', { storageClassName: 'local', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: zoneAffinity('z2') }),
    ];
    expect(run(vb, makePod('p').pvc('data').obj(), nodes(), objs)).toEqual({ n1: { code: 'UnschedulableAndUnresolvable', reasons: [ErrReasonBindConflict] }, n2: null });
  });
  it('a WaitForFirstConsumer claim of a provisioning class fits anywhere', () => {
    const objs = [pvc('data', { storageClassName: 'csi' }), sc('csi', 'WaitForFirstConsumer')];
    expect(run(vb, makePod('p').pvc('data').obj(), nodes(), objs)).toEqual({ n1: null, n2: null });
  });
  it('a pod without claims is skipped', () => {
    expect(run(vb, makePod('p').obj(), nodes(), [])).toEqual({ n1: null, n2: null });
  });
});

describe('VolumeZone', () => {
  const vz = (h: ReturnType<typeof pluginHandle>) => newVolumeZone(undefined, h);
  it('a PV labelled with a zone keeps the pod in that zone; nodes without zone labels pass', () => {
    const objs = [pvc('data', { volumeName: 'pv1' }), pv('pv1', {}, { 'topology.kubernetes.io/zone': 'z1' })];
    const r = run(vz, makePod('p').pvc('data').obj(), [...nodes(), makeNode('nozone').obj()], objs);
    expect(r).toEqual({ n1: null, n2: { code: 'UnschedulableAndUnresolvable', reasons: [ZoneConflict] }, nozone: null });
  });
  it('a zone label may list several zones joined by __', () => {
    const objs = [pvc('data', { volumeName: 'pv1' }), pv('pv1', {}, { 'topology.kubernetes.io/zone': 'z1__z2' })];
    expect(run(vz, makePod('p').pvc('data').obj(), nodes(), objs)).toEqual({ n1: null, n2: null });
  });
});

describe('VolumeRestrictions', () => {
  const vr = (h: ReturnType<typeof pluginHandle>) => newVolumeRestrictions(undefined, h);
  const gce = (pd: string, readOnly = false) => { const p = makePod('x'); (p.obj().spec!.volumes ??= []).push({ name: 'd', gcePersistentDisk: { pdName: pd, readOnly } }); return p; };
  it('the same GCE disk on one node conflicts unless both are read-only', () => {
    const node = [makeNode('n1').obj()];
    expect(run(vr, gce('disk').obj(), node, [], [gce('disk').node('n1').obj()])).toEqual({ n1: { code: 'Unschedulable', reasons: [ErrReasonDiskConflict] } });
    expect(run(vr, gce('disk', true).obj(), node, [], [gce('disk', true).node('n1').obj()])).toEqual({ n1: null });
  });
  it('a ReadWriteOncePod claim already used by another pod is refused everywhere', () => {
    const objs = [pvc('solo', { accessModes: ['ReadWriteOncePod'] })];
    const r = run(vr, makePod('p').pvc('solo').obj(), nodes(), objs, [makePod('e').pvc('solo').node('n1').obj()]);
    expect(r.n2).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [ErrReasonReadWriteOncePodConflict] });
  });
});

describe('NodeVolumeLimits and the in-tree limits', () => {
  it('a node at its CSI attach limit refuses another volume of that driver', () => {
    const objs: KObject[] = [
      pvc('a', { volumeName: 'pva' }), pvc('b', { volumeName: 'pvb' }),
      pv('pva', { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-a' } }), pv('pvb', { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-b' } }),
      { apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'n1' }, spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-1', allocatable: { count: 1 } }] } } as KObject,
    ];
    const r = run((h) => newNodeVolumeLimits(undefined, h), makePod('p').pvc('b').obj(), [makeNode('n1').obj(), makeNode('n2').obj()], objs, [makePod('e').pvc('a').node('n1').obj()]);
    expect(r).toEqual({ n1: { code: 'Unschedulable', reasons: [ErrReasonMaxVolumeCountExceeded] }, n2: null });
  });
  it('EBSLimits, GCEPDLimits and AzureDiskLimits are migrated to CSI and never reject', () => {
    for (const n of ['EBSLimits', 'GCEPDLimits', 'AzureDiskLimits'] as const) {
      expect(run(() => newInTreeVolumeLimits(n), makePod('p').pvc('x').obj(), nodes(), [])).toEqual({ n1: null, n2: null });
    }
  });
});
