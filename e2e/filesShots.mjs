import { chromium } from '@playwright/test';
const [base, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [w, h] of [[1440, 900], [1280, 720]]) {
  for (const locale of ['en-US', 'zh-CN']) {
    const page = await browser.newPage({ viewport: { width: w, height: h }, locale });
    await page.goto(base);
    await page.locator('[data-kind="node"]').first().waitFor({ timeout: 60_000 });
    await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
    const nav = page.locator('nav.file-list');
    await nav.locator('.file-actions button').first().click();
    await nav.locator('input').fill('app/web.yaml');
    await nav.locator('button[type=submit]').click();
    await nav.locator('.file-actions button').first().click();
    await nav.locator('input').fill('service.yaml');
    await page.waitForTimeout(800);
    const name = `files-${w}x${h}-${locale === 'en-US' ? 'en' : 'zh-CN'}.png`;
    await page.screenshot({ path: `${out}/${name}` });
    console.log(name);
    await page.close();
  }
}
await browser.close();
