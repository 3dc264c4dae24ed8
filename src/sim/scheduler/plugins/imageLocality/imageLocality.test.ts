import { describe, expect, it } from 'vitest';
import { StaticSnapshot } from '../../framework/snapshot';
import { makeNode, makePod } from '../../testing/wrappers';
import { pluginHandle, runScoreOn } from '../../testing/harness';
import { calculatePriority, newImageLocality, normalizedImageName } from './imageLocality';

const MB = 1024 * 1024;

describe('ImageLocality Score', () => {
  // Two nodes: one holds 40MB, 300MB and 2000MB images, the other 250MB and 10MB ones.
  const nodes = () => [
    makeNode('node1').images([{ names: ['gcr.io/40:latest', 'gcr.io/40:v1'], sizeBytes: 40 * MB }, { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * MB }, { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * MB }]).obj(),
    makeNode('node2').images([{ names: ['gcr.io/250:latest'], sizeBytes: 250 * MB }, { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * MB }]).obj(),
  ];
  const score = (pod: ReturnType<typeof makePod>, ns = nodes()) => {
    const snap = new StaticSnapshot(ns);
    return runScoreOn(newImageLocality(undefined, pluginHandle(snap)), pod.obj(), snap).normalized;
  };

  it('an image below the 23MB floor (after spreading) scores nothing; a larger one scores in proportion', () => {
    // node1: 40MB × 1/2 nodes = 20MB → 0. node2: 250MB × 1/2 = 125MB → 100 × (125 − 23) / (2000 − 23) = 5.
    expect(score(makePod('p').image('gcr.io/40').image('gcr.io/250'))).toEqual({ node1: 0, node2: 5 });
  });
  it('images on the node add up; untagged names match :latest', () => {
    // node1: (40 + 300) × 1/2 = 170MB → 100 × 147 / 1977 = 7.
    expect(score(makePod('p').image('gcr.io/40').image('gcr.io/300'))).toEqual({ node1: 7, node2: 0 });
  });
  it('a tag the node does not list does not count', () => {
    expect(score(makePod('p').image('gcr.io/300:v2').image('gcr.io/10:v2'))).toEqual({ node1: 0, node2: 0 });
  });
  it('an image on every node is damped less than one on a single node', () => {
    const ns = [makeNode('a').images([{ names: ['big:1'], sizeBytes: 1000 * MB }]).obj(), makeNode('b').images([{ names: ['big:1'], sizeBytes: 1000 * MB }]).obj()];
    // 1000MB × 2/2, one container: the maximum.
    expect(score(makePod('p').image('big:1'), ns)).toEqual({ a: 100, b: 100 });
  });
  it('init containers count too, and raise the ceiling', () => {
    expect(score(makePod('p').initImage('gcr.io/2000').image('gcr.io/10'))).toEqual({ node1: calculatePriority(1000 * MB, 2), node2: 0 });
  });
  it('normalizedImageName adds :latest only when there is no tag after the last slash', () => {
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
    expect(normalizedImageName('localhost:5000/nginx')).toBe('localhost:5000/nginx:latest');
    expect(normalizedImageName('nginx:1.27')).toBe('nginx:1.27');
  });
});
