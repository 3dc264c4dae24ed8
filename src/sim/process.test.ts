import { describe, expect, it } from 'vitest';
import { Clock } from './clock';
import type { Component } from './component';
import { Process } from './process';

/** A component whose every clock tick can be made to throw, and that says when it starts and stops. */
class Ticker implements Component {
  static broken = false;
  readonly name: string;
  constructor(private readonly clock: Clock, readonly gen: number, private readonly seen: string[]) {
    this.name = `ticker#${gen}`;
  }
  start(): void {
    this.seen.push(`${this.clock.now()} start #${this.gen}`);
    const tick = (): void => {
      if (Ticker.broken) throw new TypeError('tick of undefined');
      this.clock.after(1_000, 'tick', tick);
    };
    this.clock.after(1_000, 'tick', tick);
  }
  stop(): void {
    this.seen.push(`${this.clock.now()} stop #${this.gen}`);
  }
}

function setup() {
  const clock = new Clock();
  const seen: string[] = [];
  const panics: string[] = [];
  let gen = 0;
  const p = new Process({
    name: 'ticker',
    clock,
    build: (previous) => {
      seen.push(`${clock.now()} build after ${previous.map((c) => c.name).join(',') || 'nothing'}`);
      return [new Ticker(clock, ++gen, seen)];
    },
    onPanic: (name, err) => panics.push(`${clock.now()} ${name}: ${(err as Error).message}`),
  });
  return { clock, seen, panics, p };
}

describe('Process', () => {
  it('with no container, restarts a fresh instance after 10 s, doubling while it keeps failing', () => {
    Ticker.broken = false;
    const { clock, seen, panics, p } = setup();
    p.create();
    p.start();
    clock.runUntil(2_500);
    Ticker.broken = true;
    clock.runUntil(40_000);
    expect(panics).toEqual(['3000 ticker: tick of undefined', '14000 ticker: tick of undefined', '35000 ticker: tick of undefined']);
    expect(seen).toEqual([
      '0 build after nothing',
      '0 start #1',
      '3000 stop #1',
      '13000 build after ticker#1',
      '13000 start #2',
      '14000 stop #2',
      '34000 build after ticker#2',
      '34000 start #3',
      '35000 stop #3',
    ]);
    expect(p.running).toBe(false);
    expect(p.starts).toBe(3);
  });

  it('in a container: adopts the instance started at boot, and reports a panic to the host as exit 2 with Go’s last words', () => {
    Ticker.broken = false;
    const { clock, seen, p } = setup();
    p.create();
    p.start();
    const exits: string[] = [];
    const host = { exited: (code: number, stderr: string[]) => exits.push(`${clock.now()} exit ${code}: ${stderr.join('|')}`) };
    p.runIn(host);
    expect(p.starts).toBe(1);
    Ticker.broken = true;
    clock.runUntil(5_000);
    expect(exits).toEqual(['1000 exit 2: panic: tick of undefined [recovered]|\tpanic: tick of undefined||goroutine 363 [running]:']);
    // The host decides what comes next: no restart of its own.
    expect(p.running).toBe(false);
    expect(seen).toEqual(['0 build after nothing', '0 start #1', '1000 stop #1']);
    Ticker.broken = false;
    p.runIn(host);
    expect(seen.slice(3)).toEqual(['5000 build after ticker#1', '5000 start #2']);
  });

  it('stops with its container, and only its own: a stale container cannot stop the new instance', () => {
    Ticker.broken = false;
    const { seen, p } = setup();
    p.create();
    p.start();
    const first = { exited: () => {} };
    const second = { exited: () => {} };
    p.runIn(first);
    p.stopIn(first);
    expect(p.running).toBe(false);
    p.runIn(second);
    p.stopIn(first);
    expect(p.running).toBe(true);
    expect(seen).toEqual(['0 build after nothing', '0 start #1', '0 stop #1', '0 build after ticker#1', '0 start #2']);
  });

  it('refuses to be built with a bad configuration: the first build throws to the caller', () => {
    const p = new Process({ name: 'kube-scheduler', clock: new Clock(), build: () => { throw new Error('at least one bind plugin is needed'); } });
    expect(() => p.create()).toThrow('at least one bind plugin is needed');
  });
});

describe('a process whose work waits for one of its components (leader election)', () => {
  it('starts a led component only when its starter does, and keeps what the first instance logged until a container adopts it', () => {
    const clock = new Clock();
    const seen: string[] = [];
    const work = new Ticker(clock, 2, seen);
    const starter: Component & { starts: readonly Component[] } = {
      name: 'elector',
      starts: [work],
      start: () => {
        seen.push(`${clock.now()} elector`);
        p.write('attempting');
        clock.after(5_000, 'acquire', () => work.start());
      },
    };
    const p: Process = new Process({ name: 'elected', clock, build: () => [starter, work] });
    p.create();
    p.start();
    clock.runUntil(6_000);
    expect(seen).toEqual(['0 elector', '5000 start #2']);
    const lines: string[] = [];
    p.runIn({ exited: () => {}, write: (l) => lines.push(l) });
    p.write('renewed');
    expect(lines).toEqual(['attempting', 'renewed']);
  });
});
