#!/usr/bin/env node
/**
 * The timeline's figure in a real browser Worker: the app opens examples/classroom.yaml at its end
 * (30 min); this posts `seek` to the app's cluster Worker and times each answer (the batch at that
 * moment), from the end to 0, 10m, 20m and 29m59s — once before any checkpoint is built ("cold"), then
 * with the checkpoints the worker built while idle (median of RUNS).
 *   node scripts/timeline-worker.mjs [--no-build] [--runs N] [--idle SECONDS]
 */
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 3);
const IDLE_S = opt('--idle', 45);
const PORT = Number(process.env.BENCH_PORT ?? 4195);
const END = 30 * 60_000;
const TARGETS = [['0', 0], ['10m', 600_000], ['20m', 1_200_000], ['29m59s', END - 1000]];

if (!args.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
const url = `http://127.0.0.1:${PORT}/`;
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'examples/classroom.yaml', '--at', '30m', '--base', url], { encoding: 'utf8' });
  if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  // Keep a hold of the app's Worker so that this can talk to it as the page does.
  await page.addInitScript(() => {
    const Real = window.Worker;
    window.__workers = [];
    window.Worker = class extends Real {
      constructor(...a) {
        super(...a);
        window.__workers.push(this);
      }
    };
  });
  const t0 = Date.now();
  await page.goto(share.stdout.trim());
  await page.waitForFunction(() => document.querySelector('[role="slider"]')?.getAttribute('aria-valuenow') === '1800', null, { timeout: 300_000 });
  console.log(`link opened at 30:00 in ${Date.now() - t0} ms (page load, worker start, replay)`);
  /** Posts a seek and resolves with the ms until the batch at that moment arrives. */
  const seek = (atMs) =>
    page.evaluate(
      (at) =>
        new Promise((resolve) => {
          const w = window.__workers.at(-1);
          const t = performance.now();
          const on = (e) => {
            if (e.data?.type === 'batch' && e.data.clock.nowMs === at) {
              w.removeEventListener('message', on);
              resolve(performance.now() - t);
            }
          };
          w.addEventListener('message', on);
          w.postMessage({ type: 'seek', atMs: at });
        }),
      atMs,
    );
  const idle = (s) => new Promise((r) => setTimeout(r, s * 1000));
  console.log(`cold (no checkpoint yet): seek from the end to 29m59s ${Math.round(await seek(END - 1000))} ms`);
  await seek(END);
  await idle(IDLE_S);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [label, at] of TARGETS) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await seek(END);
      await idle(8);
      times.push(await seek(at));
    }
    console.log(`seek from the end to ${label.padEnd(7)} median ${String(Math.round(median(times))).padStart(5)} ms   (${times.map((t) => Math.round(t)).join(', ')})`);
  }
  await browser.close();
} finally {
  process.kill(-server.pid);
}
