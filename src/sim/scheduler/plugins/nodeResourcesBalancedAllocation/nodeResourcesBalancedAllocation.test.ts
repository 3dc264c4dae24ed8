import { describe, expect, it } from 'vitest';
import { runScore } from '../../testing/harness';
import { makeNode, makePod } from '../../testing/wrappers';
import { newNodeResourcesBalancedAllocation } from './nodeResourcesBalancedAllocation';

const sized = () => [makeNode('node1').capacity({ cpu: '4', memory: '10000', pods: '110' }).obj(), makeNode('node2').capacity({ cpu: '6', memory: '10000', pods: '110' }).obj()];
const cpuAndMemory = () => makePod('p').req({ cpu: '1000m', memory: '2000' }).req({ cpu: '2000m', memory: '3000' }).obj();

describe('NodeResourcesBalancedAllocation Score', () => {
  it('nothing requested on empty nodes is perfectly balanced', () => {
    expect(runScore(newNodeResourcesBalancedAllocation(), makePod('p').obj(), sized()).raw).toEqual({ node1: 100, node2: 100 });
  });
  it('differently sized nodes: fractions 0.75/0.5 score 87, 0.5/0.5 score 100', () => {
    expect(runScore(newNodeResourcesBalancedAllocation(), cpuAndMemory(), sized()).raw).toEqual({ node1: 87, node2: 100 });
  });
  it('uses actual requests: a best-effort pod adds nothing', () => {
    const nodes = [makeNode('a').capacity({ cpu: '4', memory: '10000', pods: '110' }).obj()];
    const existing = [makePod('e').req({ cpu: '2', memory: '2000' }).node('a').obj()];
    // cpu 0.5, memory 0.2 → std 0.15 → 85
    expect(runScore(newNodeResourcesBalancedAllocation(), makePod('p').req({}).obj(), nodes, existing).raw).toEqual({ a: 85 });
  });
  it('fractions above 1 are capped', () => {
    const nodes = [makeNode('a').capacity({ cpu: '1', memory: '10000', pods: '110' }).obj()];
    // cpu 3000/1000 → 1, memory 0.5 → std 0.25 → 75
    expect(runScore(newNodeResourcesBalancedAllocation(), cpuAndMemory(), nodes).raw).toEqual({ a: 75 });
  });
  it('three resources use the population standard deviation', () => {
    const pl = newNodeResourcesBalancedAllocation({ resources: [{ name: 'cpu' }, { name: 'memory' }, { name: 'example.com/gpu' }] });
    const nodes = [makeNode('a').capacity({ cpu: '4', memory: '10000', 'example.com/gpu': '4', pods: '110' }).obj()];
    const pod = makePod('p').req({ cpu: '1', memory: '5000', 'example.com/gpu': '3' }).obj();
    // fractions .25 .5 .75 → mean .5, std sqrt((.0625+0+.0625)/3) = .2041 → 79
    expect(runScore(pl, pod, nodes).raw).toEqual({ a: 79 });
  });
});
