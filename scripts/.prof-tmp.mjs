import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
const [url, replicas = '200', speed = '10×'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
if (process.env.RM) await page.emulateMedia({ reducedMotion: 'reduce' });
const text = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      containers:
      - name: c
        image: nginx:1.27
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;
await ctx.addInitScript((t) => sessionStorage.setItem('kubetab.editor', t), text);
await page.goto(url);
await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
await page.getByRole('radio', { name: speed }).click();
await page.waitForTimeout(1000);
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
if (process.env.HIDE) await page.addStyleTag({ content: `${process.env.HIDE} { display: none !important; }` });
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval',{interval:200}); await cdp.send('Profiler.start');
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing', transferMode: 'ReturnAsStream' });
await page.getByRole('button', { name: 'Apply', exact: true }).click();
await page.waitForFunction((n) => document.querySelectorAll('[data-kind="pod"][data-phase="Running"]').length >= n, Number(replicas), { timeout: 120000 });
await page.waitForTimeout(300);
const { profile } = await cdp.send('Profiler.stop');
const self = {}; const byId = new Map(profile.nodes.map(n=>[n.id,n]));
const dt = profile.timeDeltas; const counts = {};
for (let i=0;i<profile.samples.length;i++){ const n = byId.get(profile.samples[i]); const k = n.callFrame.functionName+' '+(n.callFrame.url.split('/').pop())+':'+n.callFrame.lineNumber; counts[k]=(counts[k]??0)+(dt[i]??0); }
if(process.env.PROF) console.log(Object.entries(counts).sort((a,b)=>b[1]-a[1]).slice(0,30).map(([k,v])=>`${(v/1000).toFixed(1)}ms ${k}`).join('\n'));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end');
const { stream } = await done;
let data = '';
for (;;) { const c = await cdp.send('IO.read', { handle: stream }); data += c.data; if (c.eof) break; }
writeFileSync('/tmp/trace.json', data);
// summarize main-thread top-level tasks > 40ms and their event breakdown
const evs = JSON.parse(data).traceEvents ?? JSON.parse(data);
const main = evs.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const tid = main.tid, pid = main.pid;
const mine = evs.filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X');
const all = mine.filter((e) => e.name === 'RunTask'); console.log('main busy ms', (all.reduce((a,e)=>a+e.dur,0)/1000).toFixed(0), 'cpu ms', (all.reduce((a,e)=>a+(e.tdur??0),0)/1000).toFixed(0), 'span ms', ((all.at(-1).ts-all[0].ts)/1000).toFixed(0));
const tot = {}; for (const e of mine) if (['Layerize','Paint','Layout','UpdateLayoutTree','PrePaint','FunctionCall'].includes(e.name)) tot[e.name]=(tot[e.name]??0)+(e.tdur??e.dur); console.log('totals cpu', Object.entries(tot).map(([k,v])=>`${k}=${(v/1000).toFixed(0)}`).join(' '));
const tasks = process.env.QUIET ? [] : mine.filter((e) => e.name === 'RunTask' && e.dur > 35000);
for (const t of tasks) {
  const inside = mine.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t);
  const by = {};
  for (const e of inside) by[e.name] = (by[e.name] ?? 0) + e.dur;
  const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}`).join(' ');
  console.log(`task ${(t.dur / 1000).toFixed(1)}ms cpu ${((t.tdur??0) / 1000).toFixed(1)}ms: ${top}`);
}
await browser.close();
