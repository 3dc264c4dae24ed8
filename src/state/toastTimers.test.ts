import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useUi } from './ui';

const messages = (): string[] => useUi.getState().toasts.map((t) => `${t.kind}: ${t.message}`);
const idOf = (message: string): number => useUi.getState().toasts.find((t) => t.message === message)!.id;

describe('toasts go away by themselves', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useUi.setState({ toasts: [] });
  });
  afterEach(() => {
    for (const t of useUi.getState().toasts) useUi.getState().dismissToast(t.id);
    vi.useRealTimers();
  });

  it('a result after 6 s, an error after 8 s', () => {
    useUi.getState().toast('ok', '⚡ node worker-1 powered off');
    useUi.getState().toast('error', 'kubelet-start: node worker-1 is down; use node-up');
    vi.advanceTimersByTime(5999);
    expect(messages()).toEqual(['ok: ⚡ node worker-1 powered off', 'error: kubelet-start: node worker-1 is down; use node-up']);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual(['error: kubelet-start: node worker-1 is down; use node-up']);
    vi.advanceTimersByTime(1999);
    expect(messages()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it('waits while the pointer is on it or focus is in it, then finishes the time it had left', () => {
    useUi.getState().toast('error', 'probe-fail: pod "default/web" not found');
    const id = idOf('probe-fail: pod "default/web" not found');
    vi.advanceTimersByTime(3000);
    useUi.getState().holdToast(id, 'hover', true);
    vi.advanceTimersByTime(60_000);
    useUi.getState().holdToast(id, 'focus', true);
    useUi.getState().holdToast(id, 'hover', false);
    vi.advanceTimersByTime(60_000);
    expect(messages()).toHaveLength(1);
    useUi.getState().holdToast(id, 'focus', false);
    vi.advanceTimersByTime(4999);
    expect(messages()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it('closes at once when dismissed, and keeps the newest four', () => {
    for (const n of [1, 2, 3, 4, 5]) useUi.getState().toast('ok', `#${n}`);
    expect(messages()).toEqual(['ok: #2', 'ok: #3', 'ok: #4', 'ok: #5']);
    useUi.getState().dismissToast(idOf('#3'));
    expect(messages()).toEqual(['ok: #2', 'ok: #4', 'ok: #5']);
    vi.advanceTimersByTime(6000);
    expect(messages()).toEqual([]);
  });
});
