// Screenshots of the terminal (a command, a pipe, a completion list) at two sizes and in both languages.
// Usage: node e2e/terminalShots.mjs http://127.0.0.1:PORT/ OUTDIR
import { chromium } from '@playwright/test';

const [base, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const text = (page) => page.evaluate(() => window.__kubetabTerminal?.text() ?? '');
const waitFor = async (page, s) => {
  for (let i = 0; i < 300; i++) {
    if ((await text(page)).includes(s)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`never saw ${s}`);
};
for (const [w, h] of [[1440, 900], [1280, 720]]) {
  for (const locale of ['en-US', 'zh-CN']) {
    const page = await browser.newPage({ viewport: { width: w, height: h }, locale });
    await page.goto(base);
    await page.locator('[data-kind="node"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: locale === 'en-US' ? 'Terminal' : '终端' }).click();
    await waitFor(page, '$ kubectl');
    await page.keyboard.type('get nodes');
    await page.keyboard.press('Enter');
    await waitFor(page, 'STATUS');
    await page.keyboard.type('get pods -A | grep kube-proxy | wc -l');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await page.keyboard.type('get pods -n kube-system kube-');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    await page.keyboard.press('Tab');
    await page.waitForTimeout(500);
    const name = `terminal-${w}x${h}-${locale === 'en-US' ? 'en' : 'zh-CN'}.png`;
    await page.screenshot({ path: `${out}/${name}` });
    console.log(name);
    await page.close();
  }
}
await browser.close();
