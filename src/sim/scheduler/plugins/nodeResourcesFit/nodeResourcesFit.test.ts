import { describe, expect, it } from 'vitest';
import { runFilter, runScore } from '../../testing/harness';
import { makeNode, makePod } from '../../testing/wrappers';
import { newNodeResourcesFit } from './nodeResourcesFit';

// A node with 10m cpu, 20 bytes of memory, 32 pods and 5 of an extended resource, as in fit_test.go.
const node = () => makeNode('n').capacity({ cpu: '10m', memory: '20', pods: '32', 'example.com/aaa': '5', 'ephemeral-storage': '20' });
const used = (cpu: string, mem: string) => makePod('used-' + cpu + '-' + mem).req({ cpu, memory: mem }).obj();
const U = 'Unschedulable';

describe('NodeResourcesFit Filter', () => {
  const cases = [
    { name: 'a pod requesting nothing always fits', pod: makePod('p'), existing: [used('10m', '20')], want: null },
    { name: 'a pod requesting more than is left fails on both resources', pod: makePod('p').req({ cpu: '1m', memory: '1' }), existing: [used('10m', '20')], want: { code: U, reasons: ['Insufficient cpu', 'Insufficient memory'] } },
    { name: 'an init container larger than the containers decides the cpu request', pod: makePod('p').req({ cpu: '1m', memory: '1' }).initReq({ cpu: '3m', memory: '1' }), existing: [used('8m', '19')], want: { code: U, reasons: ['Insufficient cpu'] } },
    { name: 'the largest init container counts, not the sum', pod: makePod('p').req({ cpu: '1m', memory: '1' }).initReq({ cpu: '1m', memory: '1' }).initReq({ cpu: '1m', memory: '1' }), existing: [used('9m', '19')], want: null },
    { name: 'init containers and containers both fitting', pod: makePod('p').req({ cpu: '1m', memory: '1' }).initReq({ cpu: '1m', memory: '1' }), existing: [used('5m', '5')], want: null },
    { name: 'a sidecar keeps running, so it adds to the containers', pod: makePod('p').req({ cpu: '1m' }).initReq({ cpu: '1m' }, true), existing: [used('9m', '0')], want: { code: U, reasons: ['Insufficient cpu'] } },
    { name: 'memory fits but cpu does not', pod: makePod('p').req({ cpu: '2m', memory: '1' }), existing: [used('9m', '5')], want: { code: U, reasons: ['Insufficient cpu'] } },
    { name: 'cpu fits but memory does not', pod: makePod('p').req({ cpu: '1m', memory: '2' }), existing: [used('5m', '19')], want: { code: U, reasons: ['Insufficient memory'] } },
    { name: 'exactly filling the node fits', pod: makePod('p').req({ cpu: '5m', memory: '1' }), existing: [used('5m', '19')], want: null },
    { name: 'an extended resource within allocatable fits', pod: makePod('p').req({ 'example.com/aaa': '5' }), existing: [], want: null },
    { name: 'an extended resource beyond allocatable fails with its name', pod: makePod('p').req({ 'example.com/aaa': '6' }), existing: [], want: { code: U, reasons: ['Insufficient example.com/aaa'] } },
    { name: 'an extended resource the node lacks fails', pod: makePod('p').req({ 'example.com/bbb': '1' }), existing: [], want: { code: U, reasons: ['Insufficient example.com/bbb'] } },
    { name: 'pod overhead is added to the request', pod: makePod('p').req({ cpu: '1m', memory: '1' }).overhead({ cpu: '3m', memory: '13' }), existing: [used('5m', '7')], want: { code: U, reasons: ['Insufficient memory'] } },
    { name: 'ephemeral storage is checked', pod: makePod('p').req({ 'ephemeral-storage': '25' }), existing: [], want: { code: U, reasons: ['Insufficient ephemeral-storage'] } },
    { name: 'a resource the pod does not request fits even on an overcommitted node', pod: makePod('p').req({ memory: '1' }), existing: [used('11m', '1')], want: null },
  ];
  for (const c of cases) it(c.name, () => expect(runFilter(newNodeResourcesFit(), c.pod.obj(), node().obj(), c.existing)).toEqual(c.want));

  it('a full node reports Too many pods first, then the resources', () => {
    const n = makeNode('n').capacity({ cpu: '10m', memory: '20', pods: '1' }).obj();
    expect(runFilter(newNodeResourcesFit(), makePod('p').req({ cpu: '1m', memory: '1' }).obj(), n, [used('10m', '20')])).toEqual({ code: U, reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'] });
  });
  it('ignored extended resources are not checked', () => {
    const pl = newNodeResourcesFit({ ignoredResources: ['example.com/bbb'] });
    expect(runFilter(pl, makePod('p').req({ 'example.com/bbb': '1' }).obj(), node().obj())).toBeNull();
  });
  it('ignored resource groups are not checked', () => {
    const pl = newNodeResourcesFit({ ignoredResourceGroups: ['example.com'] });
    expect(runFilter(pl, makePod('p').req({ 'example.com/bbb': '1' }).obj(), node().obj())).toBeNull();
  });
});

// Nodes of 4000m/10000 and 6000m/10000; a pod of 1000m+2000m cpu and 2000+3000 memory.
const sized = () => [makeNode('node1').capacity({ cpu: '4', memory: '10000', pods: '110' }).obj(), makeNode('node2').capacity({ cpu: '6', memory: '10000', pods: '110' }).obj()];
const cpuAndMemory = () => makePod('p').req({ cpu: '1000m', memory: '2000' }).req({ cpu: '2000m', memory: '3000' }).obj();

describe('NodeResourcesFit Score', () => {
  it('LeastAllocated: a pod with no containers on empty nodes gives 100 everywhere', () => {
    expect(runScore(newNodeResourcesFit(), makePod('p').obj(), sized()).raw).toEqual({ node1: 100, node2: 100 });
  });
  it('LeastAllocated: differently sized nodes, resources requested', () => {
    // node1: cpu (4000-3000)*100/4000 = 25, memory 50 → 37; node2: 50, 50 → 50
    expect(runScore(newNodeResourcesFit(), cpuAndMemory(), sized()).raw).toEqual({ node1: 37, node2: 50 });
  });
  it('LeastAllocated: a container without requests counts as 100m / 200Mi', () => {
    const nodes = [makeNode('a').capacity({ cpu: '1', memory: '2Gi', pods: '110' }).obj()];
    // cpu (1000-100)*100/1000 = 90; memory (2048-200)*100/2048 = 90 (in MiB) → 90
    expect(runScore(newNodeResourcesFit(), makePod('p').req({}).obj(), nodes).raw).toEqual({ a: 90 });
  });
  it('LeastAllocated: requesting more than the node has scores 0 for that resource', () => {
    const nodes = [makeNode('a').capacity({ cpu: '1', memory: '10000', pods: '110' }).obj()];
    // cpu over → 0; memory (10000-5000)*100/10000 = 50 → 25
    expect(runScore(newNodeResourcesFit(), cpuAndMemory(), nodes).raw).toEqual({ a: 25 });
  });
  it('LeastAllocated: weights change the mean', () => {
    const pl = newNodeResourcesFit({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] } });
    // node1: (25*2 + 50) / 3 = 33; node2: 50
    expect(runScore(pl, cpuAndMemory(), sized()).raw).toEqual({ node1: 33, node2: 50 });
  });
  it('MostAllocated: differently sized nodes, resources requested', () => {
    const pl = newNodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
    // node1: cpu 75, memory 50 → 62; node2: 50, 50 → 50
    expect(runScore(pl, cpuAndMemory(), sized()).raw).toEqual({ node1: 62, node2: 50 });
  });
  it('RequestedToCapacityRatio: a falling shape favours emptier nodes, rounded', () => {
    const pl = newNodeResourcesFit({ scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } });
    // node1: cpu util 75 → 25, memory util 50 → 50, round(37.5) = 38; node2: 50, 50 → 50
    expect(runScore(pl, cpuAndMemory(), sized()).raw).toEqual({ node1: 38, node2: 50 });
  });
  it('RequestedToCapacityRatio: a rising shape favours fuller nodes (bin packing)', () => {
    const pl = newNodeResourcesFit({ scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } });
    expect(runScore(pl, cpuAndMemory(), sized()).raw).toEqual({ node1: 63, node2: 50 });
  });
  it('existing pods count with their non-zero requests', () => {
    const nodes = [makeNode('a').capacity({ cpu: '1', memory: '1000Mi', pods: '110' }).obj()];
    const existing = [makePod('e').req({}).node('a').obj()];
    // node non-zero requested: 100m / 200Mi; pod: 100m / 200Mi → cpu (1000-200)/10 = 80, memory (1000-400)/10 = 60 → 70
    expect(runScore(newNodeResourcesFit(), makePod('p').req({}).obj(), nodes, existing).raw).toEqual({ a: 70 });
  });
});
