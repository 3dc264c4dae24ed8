import { describe, expect, it } from 'vitest';
import { BoundedFrequencyRunner, KUBE_PROXY_RUNNER, syncTimes } from './runner';

describe('when kube-proxy syncs (BoundedFrequencyRunner: minSyncPeriod 1 s, burst 2, full resync hourly)', () => {
  it('runs the first two changes at once, then holds the next until a second after the last run, taking every change since along', () => {
    // initial sync at 0 when the informers synced; changes at 0.1 s, 0.2 s, 0.3 s, 0.4 s, 0.9 s, 5 s
    expect(syncTimes([100, 200, 300, 400, 900, 5_000], 0, 10_000)).toEqual([0, 100, 200, 1_200, 5_000]);
  });

  it('refills one token per second: after a quiet second a change runs at once again, but not twice', () => {
    expect(syncTimes([1_000, 2_500, 2_600, 2_700], 0, 10_000)).toEqual([0, 1_000, 2_500, 2_600, 3_600]);
  });

  it('with nothing changing, syncs again only once an hour (syncPeriod no longer drives iptables syncs)', () => {
    expect(syncTimes([], 0, 7_300_000)).toEqual([0, 3_600_000, 7_200_000]);
    expect(syncTimes([1_800_000], 0, 5_500_000)).toEqual([0, 1_800_000, 5_400_000]);
  });

  it('reports through request and fire when the caller should sync, and when its timer is due', () => {
    const r = new BoundedFrequencyRunner(KUBE_PROXY_RUNNER, 0);
    expect(r.timerAt).toBe(3_600_000);
    expect(r.request(10)).toBe(true);
    expect(r.request(20)).toBe(true);
    expect(r.request(30)).toBe(false);
    expect(r.timerAt).toBe(1_020);
    expect(r.request(500)).toBe(false);
    expect(r.timerAt).toBe(1_020);
    expect(r.fire(1_020)).toBe(true);
    expect(r.timerAt).toBe(3_601_020);
  });
});
