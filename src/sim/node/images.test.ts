import { describe, expect, it } from 'vitest';
import { Clock } from '../clock';
import { Rng } from '../rng';
import { formatGoDuration, imageInfo, ImageStore, parseImageRef, repoDigestOf } from './images';

describe('image references', () => {
  it('normalises names as containerd reports them', () => {
    expect(parseImageRef('nginx').normalized).toBe('docker.io/library/nginx:latest');
    expect(parseImageRef('nginx:1.27').normalized).toBe('docker.io/library/nginx:1.27');
    expect(parseImageRef('bitnami/redis').normalized).toBe('docker.io/bitnami/redis:latest');
    expect(parseImageRef('registry.k8s.io/pause:3.10').normalized).toBe('registry.k8s.io/pause:3.10');
    expect(parseImageRef('localhost:5000/app').normalized).toBe('localhost:5000/app:latest');
    const d = 'sha256:' + 'a'.repeat(64);
    expect(parseImageRef(`nginx@${d}`).normalized).toBe(`docker.io/library/nginx@${d}`);
  });

  it('knows the catalog sizes and gives every image a stable digest', () => {
    const i = imageInfo('nginx');
    expect(i.sizeBytes).toBe(72188133);
    expect(repoDigestOf(i)).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageInfo('docker.io/library/nginx:latest').digest).toBe(i.digest);
    expect(imageInfo('registry.k8s.io/pause:3.10').sizeBytes).toBe(320368);
    const u = imageInfo('example.com/team/app:v3');
    expect(u.known).toBe(false);
    expect(u.sizeBytes).toBeGreaterThan(10_000_000);
    expect(imageInfo('example.com/team/app:v3').sizeBytes).toBe(u.sizeBytes);
  });

  it('formats durations like Go', () => {
    expect(formatGoDuration(2345)).toBe('2.345s');
    expect(formatGoDuration(2300)).toBe('2.3s');
    expect(formatGoDuration(850)).toBe('850ms');
    expect(formatGoDuration(61_500)).toBe('1m1.5s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(0)).toBe('0s');
  });
});

describe('ImageStore', () => {
  it('pulls one image at a time and counts the wait in the total', () => {
    const clock = new Clock();
    const store = new ImageStore(clock, new Rng(1).stream('images'), ['registry.k8s.io/pause:3.10']);
    const done: { image: string; pullMs: number; totalMs: number; at: number }[] = [];
    store.pull('nginx', (r) => done.push({ image: 'nginx', pullMs: r.pullMs, totalMs: r.totalMs, at: clock.now() }));
    store.pull('redis', (r) => done.push({ image: 'redis', pullMs: r.pullMs, totalMs: r.totalMs, at: clock.now() }));
    clock.runUntil(60_000);
    expect(done.map((d) => d.image)).toEqual(['nginx', 'redis']);
    expect(done[0]!.totalMs).toBe(done[0]!.pullMs);
    expect(done[1]!.totalMs).toBe(done[0]!.pullMs + done[1]!.pullMs);
    expect(store.has('nginx')).toBe(true);
    expect(store.has('nginx:1.27')).toBe(false);
    expect(store.list().map((s) => s.tags[0])).toEqual(['docker.io/library/nginx:latest', 'docker.io/library/redis:latest', 'registry.k8s.io/pause:3.10']);
  });
});
