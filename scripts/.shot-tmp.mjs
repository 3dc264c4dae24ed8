import { chromium } from '@playwright/test';
const [url, out, replicas = '3', theme = 'light', speed = '10×', wait = '3000'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1600, height: 960 }, colorScheme: theme });
const page = await ctx.newPage();
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('pageerror:', e.message));
const text = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: nginx:1.27
        resources: {requests: {cpu: 10m, memory: 64Mi}}
`;
await ctx.addInitScript((t) => sessionStorage.setItem('kubetab.editor', t), text);
await page.goto(url);
await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
await page.getByRole('radio', { name: speed }).click();
await page.getByRole('button', { name: 'Apply', exact: true }).click();
await page.waitForTimeout(Number(wait));
await page.screenshot({ path: out });
console.log(await page.locator('[data-kind=pod]').count(), 'pods');
await browser.close();
