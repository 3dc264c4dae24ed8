import { chromium } from '@playwright/test';
const [url] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
await page.goto(url);
await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
await page.waitForTimeout(1500);
const cdp = await ctx.newCDPSession(page);
await cdp.send('DOM.enable');
let layers = [];
cdp.on('LayerTree.layerTreeDidChange', (e) => { if (e.layers) layers = e.layers; });
await cdp.send('LayerTree.enable');
await page.waitForTimeout(500);
await page.mouse.move(10, 10);
await page.waitForTimeout(500);
console.log('layers', layers.length);
const reasons = {};
for (const l of layers.slice(0, 80)) {
  try {
    const r = await cdp.send('LayerTree.compositingReasons', { layerId: l.layerId });
    const k = (r.compositingReasons ?? []).join(',') + ` ${l.width}x${l.height}`;
    reasons[k] = (reasons[k] ?? 0) + 1;
  } catch {}
}
console.log(reasons);
await browser.close();
