import { chromium } from '@playwright/test';
const [url, replicas = '200', speed = '10×'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.error('pageerror:', e.message));
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
await page.evaluate(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
});
const t0 = Date.now();
await page.getByRole('button', { name: 'Apply', exact: true }).click();
await page.waitForFunction((n) => document.querySelectorAll('[data-kind="pod"][data-phase="Running"]').length >= n, Number(replicas), { timeout: 120000 });
console.log('rollout wall ms', Date.now() - t0);
await page.waitForTimeout(500);
console.log('long tasks:', await page.evaluate(() => window.__lt));
await browser.close();
