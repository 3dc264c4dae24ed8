import { describe, expect, it } from 'vitest';
import { progressPrinter } from './progress';
import type { ProgressTerminal } from './progress';
import type { RunProgress } from '../scenario/progress';
import { main } from './main';
import type { CliIO } from './main';
import { deployment, scenarioWith } from '../../test/cli';

/** A terminal whose clock says what the test tells it. */
function terminal(isTTY: boolean): ProgressTerminal & { out: string; at: number } {
  const t = { isTTY, out: '', at: 0, nowMs: () => t.at, write: (s: string) => void (t.out += s) };
  return t;
}

function progress(nowMs: number, untilMs: number, booting: boolean, podsRunning: number): RunProgress {
  return { nowMs, untilMs, eventsRun: 0, booting, counts: () => ({ nodes: 5000, nodesReady: 4321, pods: 12_000, podsRunning }) };
}

describe('progress on stderr', () => {
  it('says nothing when not on a terminal and the run ends within a second', () => {
    const t = terminal(false);
    const p = progressPrinter(t);
    for (const at of [100, 500, 900]) {
      t.at = at;
      p.listener(progress(at * 10, 60_000, false, 5));
    }
    p.done(progress(60_000, 60_000, false, 12_000));
    expect(t.out).toBe('');
  });

  it('not on a terminal: a line a second once the run has taken a second, and a last line when done', () => {
    const t = terminal(false);
    const p = progressPrinter(t);
    for (const [at, v, booting] of [[400, -20_000, true], [1100, -5_000, true], [1600, 10_000, false], [2300, 31_000, false]] as const) {
      t.at = at;
      p.listener(progress(v, 60_000, booting, 10_233));
    }
    t.at = 2500;
    p.done(progress(60_000, 60_000, false, 12_000));
    expect(t.out).toBe(
      'kubetab: virtual -5.0s (booting to 0.0s): 4,321/5,000 nodes Ready, 10,233/12,000 pods Running (1.1 s)\n' +
        'kubetab: virtual 31.0s of 60.0s: 4,321/5,000 nodes Ready, 10,233/12,000 pods Running (2.3 s)\n' +
        'kubetab: virtual 60.0s of 60.0s: 4,321/5,000 nodes Ready, 12,000/12,000 pods Running (2.5 s), done\n',
    );
  });

  it('says a large cluster is being built, as it runs no clock event until it is', () => {
    const log = terminal(false);
    progressPrinter(log).building(499);
    expect(log.out).toBe('');
    progressPrinter(log).building(5000);
    expect(log.out).toBe('kubetab: building a cluster of 5,000 nodes …\n');
    const tty = terminal(true);
    progressPrinter(tty).building(4);
    expect(tty.out).toBe('\r\x1b[Kkubetab: building a cluster of 4 nodes …');
  });

  it('on a terminal: one line rewritten in place at most every 100 ms, erased when done', () => {
    const t = terminal(true);
    const p = progressPrinter(t);
    p.building(5000);
    for (const at of [20, 60, 150]) {
      t.at = at;
      p.listener(progress(at, 60_000, false, 1));
    }
    p.done(progress(60_000, 60_000, false, 12_000));
    expect(t.out).toBe(
      '\r\x1b[Kkubetab: building a cluster of 5,000 nodes …' +
        '\r\x1b[Kkubetab: virtual 0.0s of 60.0s: 4,321/5,000 nodes Ready, 1/12,000 pods Running (0.0 s)' +
        '\r\x1b[Kkubetab: virtual 0.1s of 60.0s: 4,321/5,000 nodes Ready, 1/12,000 pods Running (0.1 s)' +
        '\r\x1b[K',
    );
  });

  it('kubetab run keeps stdout exactly as without progress and reports on stderr only', () => {
    // Enough work for a few reports: 60 pods to start.
    const scenario = scenarioWith(deployment('web', 60));
    const runWith = (progressTerm?: ProgressTerminal): { code: number; stdout: string; stderr: string } => {
      let stdout = '';
      let stderr = '';
      const io: CliIO = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readFile: () => scenario, ...(progressTerm ? { progress: progressTerm } : {}) };
      const code = main(['run', 's.yaml', '--until', '40s', '--exec', 'get nodes'], io);
      return { code, stdout, stderr };
    };
    const plain = runWith();
    // A slow machine: every look at the clock is 700 ms later.
    const t = terminal(false);
    const slow = { ...t, nowMs: () => (t.at += 700), write: (s: string) => void (t.out += s) };
    const shown = runWith(slow);
    expect(shown.stdout).toBe(plain.stdout);
    expect(shown.stderr).toBe('');
    expect(plain.stderr).toBe('');
    const lines = t.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatch(/^kubetab: virtual 40\.0s of 40\.0s: 4\/4 nodes Ready, 75\/75 pods Running \([\d.]+ s\), done$/);
    for (const l of lines) expect(l).toMatch(/^kubetab: virtual -?[\d.]+s (\(booting to 0\.0s\)|of 40\.0s): \d\/4 nodes Ready, \d+\/\d+ pods Running \([\d.]+ s\)(, done)?$/);
  });
});
