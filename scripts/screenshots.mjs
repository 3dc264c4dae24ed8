#!/usr/bin/env node
/**
 * Screenshots in light and dark themes: the first screen with a running Deployment; the workloads
 * view of scripts/workloads-demo.yaml (opened from its share link); and a node taken down with the
 * fault menu.
 *   node scripts/screenshots.mjs [--out DIR] [--no-build] [--docs] [--only first|workloads|faults|network|policy|rbac|requests|etcd|timeline|lang|dense] [--lang en|zh-CN] [--scenario FILE]
 * lang: the page in English and Chinese (or only `--lang en|zh-CN`) at 1440×900 and 1280×720: cluster, workloads,
 * terminal and a fault menu.
 * dense: a 200-node, 2,000-pod cluster as dense tiles, and a search for a node, in both languages at 1440×900 and 1280×720.
 * timeline: the clock bar and the timeline (examples/classroom.yaml rewound to 12:00, then forked) at
 * 1440×900 and 1280×720.
 * --docs also writes the light ones to docs/screenshot.png and docs/workloads.png, and the Network tab
 * (examples/web.yaml with a pod → Service trace stepped to the DNAT rule, marked in the node's iptables-save,
 * at 1440×900 and 1280×720)
 * to docs/screenshots/network-1440.png and network-1280.png. --scenario FILE draws the Network tab of
 * FILE instead of examples/web.yaml (a canal cluster, say).
 * --only etcd: the etcd tab (examples/web.yaml at 40s), the web Deployment's
 * key selected with its history, at 1440×900 and 1280×720 in both themes.
 * --only policy: the Network tab's policy view (scripts/policy-demo.yaml at 40s: a default-deny policy and three
 * allow policies), a client → web square selected and traced, in English and Chinese at 1440×900 and 1280×720.
 * --only rbac: the RBAC tab (scripts/rbac-demo.yaml at 20s: alice's RoleBinding, builder's `edit`, group dev's
 * `view`), alice's list-pods square picked and what alice can do listed, in English and Chinese at 1440×900 and 1280×720.
 * `requests`: the Requests tab after applying the README's web Deployment (one replica) paused and stepping
 * until its pod is bound, in diagram and sequence modes with the binding's detail open, at 1440×900 and
 * 1280×720 (with --docs, the light 1440 ones go to docs/screenshots/requests-diagram.png and requests-sequence.png).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, copyFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { largeClusterLink } from './largeCluster.mjs';

const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : '/tmp/kubetab-shots';
const PORT = Number(process.env.SHOTS_PORT ?? 4183);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const want = (name) => !only || only === name;
// The Network tab's scenario (another cluster's, such as a canal one, with --scenario FILE).
const netScenario = args.includes('--scenario') ? args[args.indexOf('--scenario') + 1] : 'examples/web.yaml';
mkdirSync(out, { recursive: true });
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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  for (const theme of ['light', 'dark']) {
    if (!want('first')) break;
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 960 }, colorScheme: theme, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error(`[${theme}] console:`, m.text()));
    page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
    await page.goto(url);
    await page.locator('[data-kind="node"]').first().waitFor();
    await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
    await page.getByRole('radio', { name: '10×' }).click();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page
      .waitForFunction(() => document.querySelectorAll('[data-kind="pod"][data-phase="Running"]').length >= 3, null, { timeout: 60000 })
      .catch(() => console.error(`[${theme}] pods did not reach Running`));
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    const pod = page.locator('[data-kind="pod"]').first();
    if (await pod.count()) await pod.click();
    await page.waitForTimeout(800);
    const file = `${out}/first-screen-${theme}.png`;
    await page.screenshot({ path: file });
    console.log(file);
    if (theme === 'light' && args.includes('--docs')) {
      mkdirSync('docs', { recursive: true });
      copyFileSync(file, 'docs/screenshot.png');
      console.log('docs/screenshot.png');
    }
    await ctx.close();
  }
  if (want('workloads')) {
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'scripts/workloads-demo.yaml', '--at', '154s', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    for (const theme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport: { width: 1600, height: 960 }, colorScheme: theme, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
      await page.goto(link);
      await page.locator('[data-kind="node"]').first().waitFor();
      await page.getByRole('tab', { name: 'Workloads' }).click();
      await page.locator('[data-kind="deployment"]').first().waitFor({ timeout: 30000 });
      await page.getByRole('button', { name: 'web', exact: true }).first().click();
      await page.waitForTimeout(1200);
      const file = `${out}/workloads-${theme}.png`;
      await page.screenshot({ path: file });
      console.log(file);
      if (theme === 'light' && args.includes('--docs')) {
        mkdirSync('docs', { recursive: true });
        copyFileSync(file, 'docs/workloads.png');
        console.log('docs/workloads.png');
      }
      await ctx.close();
    }
  }
  if (want('faults')) {
    for (const theme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport: { width: 1600, height: 960 }, colorScheme: theme, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
      await page.goto(url);
      await page.locator('[data-kind="node"]').first().waitFor();
      await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
      await page.getByRole('radio', { name: '100×' }).click();
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-kind="pod"][data-phase="Running"]').length >= 3, null, { timeout: 60000 }).catch(() => console.error(`[${theme}] pods did not reach Running`));
      await page.getByRole('button', { name: 'Faults for node worker-1' }).click();
      await page.getByRole('menuitem', { name: /node-down/ }).click();
      await page.waitForFunction(() => document.querySelector('[data-kind="node"][data-name="worker-1"]')?.getAttribute('data-status')?.startsWith('NotReady'), null, { timeout: 60000 }).catch(() => console.error(`[${theme}] worker-1 did not go NotReady`));
      await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
      await page.waitForTimeout(600);
      const file = `${out}/faults-${theme}.png`;
      await page.screenshot({ path: file });
      console.log(file);
      // The pod menu, opened from the keyboard (Shift+F10 on a focused pod).
      await page.locator('[data-kind="node"][data-name="worker-2"] [data-kind="pod"]').first().focus();
      await page.keyboard.press('Shift+F10');
      await page.waitForTimeout(400);
      const menuFile = `${out}/faults-menu-${theme}.png`;
      await page.screenshot({ path: menuFile });
      console.log(menuFile);
      await ctx.close();
    }
  }
  if (want('lang')) {
    // The page in each language it speaks (light, 1440×900 and 1280×720): the cluster with a pod selected,
    // the workloads, the terminal, and a node's fault menu. Driven by ids and data attributes, not by
    // names, which change with the language.
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'scripts/workloads-demo.yaml', '--at', '154s', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    const langs = args.includes('--lang') ? [args[args.indexOf('--lang') + 1]] : ['en', 'zh-CN'];
    for (const lang of langs) {
      for (const [width, height] of [
        [1440, 900],
        [1280, 720],
      ]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', deviceScaleFactor: 1, locale: lang === 'en' ? 'en-US' : lang });
        await ctx.addInitScript((l) => localStorage.setItem('kubetab.lang', l), lang);
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${lang}] pageerror:`, e.message));
        await page.goto(link);
        await page.locator('[data-kind="node"]').first().waitFor();
        await page.locator('[data-kind="pod"]').first().click();
        await page.waitForTimeout(1200);
        const shot = async (name) => {
          const file = `${out}/lang-${lang}-${name}-${width}.png`;
          await page.screenshot({ path: file });
          console.log(file);
        };
        await shot('cluster');
        await page.locator('#view-tab-workloads').click();
        await page.locator('[data-kind="deployment"]').first().waitFor({ timeout: 30000 });
        await page.waitForTimeout(800);
        await shot('workloads');
        await page.locator('#view-tab-cluster').click();
        await page.locator('#bottom-tab-terminal').click();
        await page.locator('#kubectl-input').waitFor();
        await page.locator('[data-kind="node"] .fault-btn').first().click();
        await page.waitForTimeout(400);
        await shot('terminal-faults');
        await ctx.close();
      }
    }
  }
  if (want('dense')) {
    // A 200-node cluster with 2,000 pods (scripts/largeCluster.mjs) opened at 30 s: the dense tiles, then a
    // search with a node selected, in both languages at 1440×900 and 1280×720.
    const link = largeClusterLink(200, 2000, 30_000, 10);
    for (const lang of ['en', 'zh-CN']) {
      for (const [width, height] of [[1440, 900], [1280, 720]]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', deviceScaleFactor: 1, locale: lang === 'en' ? 'en-US' : lang });
        const page = await ctx.newPage();
        await page.goto(`${url}${link}`);
        await page.locator('[data-testid="dense-view"][data-nodes="200"]').waitFor({ timeout: 300_000 });
        await page.waitForTimeout(1500);
        await page.screenshot({ path: `${out}/dense-${lang}-${width}.png` });
        await page.locator('.dense-search').fill('worker-29');
        await page.locator('.dense-hit[data-name="worker-29"]').click();
        await page.waitForTimeout(1500);
        await page.screenshot({ path: `${out}/dense-search-${lang}-${width}.png` });
        await ctx.close();
      }
    }
  }
  if (want('timeline')) {
    // The classroom scenario opened at its end (30 min), rewound to 12:00 with the keyboard; then a fault
    // there forks the story, and the Undo offers the later actions back.
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'examples/classroom.yaml', '--at', '30m', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    for (const [width, height] of [
      [1440, 900],
      [1280, 720],
    ]) {
      for (const theme of ['light', 'dark']) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: theme, deviceScaleFactor: 1 });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
        await page.goto(link);
        await page.locator('[data-kind="node"]').first().waitFor();
        const slider = page.getByRole('slider', { name: 'Moment of the story' });
        await page.waitForFunction(() => document.querySelector('[role="slider"]')?.getAttribute('aria-valuenow') === '1800', null, { timeout: 60000 });
        await slider.focus();
        await page.keyboard.press('Home');
        for (let i = 0; i < 12; i++) await page.keyboard.press('PageUp');
        await page.waitForFunction(() => document.querySelector('output[aria-label="Virtual time"]')?.textContent === '12:00.0' && !document.querySelector('.tl-bubble'), null, { timeout: 60000 });
        await page.waitForTimeout(800);
        const clip = async () => {
          const box = await page.locator('.timeline').boundingBox();
          return { x: 0, y: 0, width, height: Math.ceil(box.y + box.height + 8) };
        };
        let file = `${out}/timeline-${width}-${theme}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        file = `${out}/timeline-bar-${width}-${theme}.png`;
        await page.screenshot({ path: file, clip: await clip() });
        console.log(file);
        // A mark's title, as hovering shows it, is in the DOM: the screenshot shows the bar and the fork.
        // The node menu by keyboard, as a person at the projector would (Enter opens it on Power off).
        // (A second try when the card was redrawn under the first press.)
        const powerOff = page.getByRole('menu', { name: 'Break node worker-3' }).getByRole('menuitem', { name: /node-down/ });
        for (let i = 0; i < 3 && !(await powerOff.isVisible()); i++) {
          await page.getByRole('button', { name: 'Faults for node worker-3' }).focus();
          await page.keyboard.press('Enter');
          await powerOff.waitFor({ timeout: 5000 }).catch(() => {});
        }
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: /^Undo: restore \d+ later actions?$/ }).waitFor();
        await page.waitForTimeout(600);
        file = `${out}/timeline-fork-${width}-${theme}.png`;
        await page.screenshot({ path: file, clip: await clip() });
        console.log(file);
        await ctx.close();
      }
    }
  }
  if (want('network')) {
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', netScenario, '--at', '40s', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    for (const theme of ['light', 'dark']) {
      for (const [width, height] of [[1440, 900], [1280, 720]]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: theme, deviceScaleFactor: 1 });
        // The columns dragged wider for the topology, as someone studying the network would.
        await ctx.addInitScript(() => {
          localStorage.setItem('kubetab.split.main', '0.7');
          localStorage.setItem('kubetab.split.left', '0.8');
        });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
        await page.goto(link);
        await page.locator('[data-kind="node"]').first().waitFor();
        await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
        await page.getByRole('tab', { name: 'Network' }).click();
        await page.locator('[data-kind="veth"]').nth(3).waitFor({ timeout: 30000 });
        await page.getByLabel('Trace source').selectOption({ index: 0 });
        await page.getByLabel('Trace destination').fill('web:80');
        await page.getByRole('button', { name: 'Trace', exact: true }).click();
        await page.getByTestId('net-hop').waitFor();
        // Step to the rule that sends the connection to an endpoint (KUBE-SEP's DNAT), marked in the node's iptables-save.
        for (let i = 0; i < 80 && !/DNAT --to-destination/.test((await page.getByTestId('net-hop').textContent()) ?? ''); i++) await page.getByRole('button', { name: 'Next ▶' }).click();
        await page.waitForTimeout(700);
        await page.locator('.net-side').evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.waitForTimeout(300);
        const file = `${out}/network-${width}-${theme}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        if (theme === 'light' && args.includes('--docs')) {
          mkdirSync('docs/screenshots', { recursive: true });
          copyFileSync(file, `docs/screenshots/network-${width}.png`);
          console.log(`docs/screenshots/network-${width}.png`);
        }
        await ctx.close();
      }
    }
  }
  if (want('policy')) {
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'scripts/policy-demo.yaml', '--at', '40s', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    for (const lang of ['en', 'zh-CN']) {
      for (const [width, height] of [[1440, 900], [1280, 720]]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', deviceScaleFactor: 1, locale: lang === 'en' ? 'en-US' : lang });
        await ctx.addInitScript((l) => {
          localStorage.setItem('kubetab.lang', l);
          // The columns dragged wider and the main pane taller, as someone studying the matrix would.
          localStorage.setItem('kubetab.split.main', '0.7');
          localStorage.setItem('kubetab.split.left', '0.8');
        }, lang);
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${lang}] pageerror:`, e.message));
        await page.goto(link);
        await page.locator('[data-kind="node"]').first().waitFor();
        await page.locator('#view-tab-network').click();
        await page.getByTestId('net-show-policies').click();
        // client → web on port 80: the first allowed square of the first client row.
        const cell = page.locator('tr:has(th:text-matches("^client-")) td[data-allowed="true"]').first();
        await cell.waitFor({ timeout: 30000 });
        await cell.click();
        await page.getByTestId('net-hop').waitFor({ timeout: 30000 });
        await page.waitForTimeout(700);
        const file = `${out}/policy-${width}-${lang}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        await ctx.close();
      }
    }
  }
  if (want('rbac')) {
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'scripts/rbac-demo.yaml', '--at', '20s', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    for (const lang of ['en', 'zh-CN']) {
      for (const [width, height] of [[1440, 900], [1280, 720]]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: 'light', deviceScaleFactor: 1, locale: lang === 'en' ? 'en-US' : lang });
        await ctx.addInitScript((l) => {
          localStorage.setItem('kubetab.lang', l);
          // The main pane taller, as someone reading the matrix would have it.
          localStorage.setItem('kubetab.split.main', '0.7');
        }, lang);
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${lang}] pageerror:`, e.message));
        await page.goto(link);
        await page.locator('[data-kind="node"]').first().waitFor();
        await page.locator('#view-tab-rbac').click();
        const cell = page.locator('td.rbac-cell[data-subject="User:alice"][data-resource="pods"][data-verb="list"]');
        await cell.waitFor({ timeout: 30000 });
        await cell.click();
        await page.locator('[data-testid="rbac-subject"][data-subject="User:alice"]').click();
        await page.getByTestId('rbac-whatcan').locator('pre').waitFor({ timeout: 30000 });
        await page.mouse.move(0, 0);
        await page.waitForTimeout(500);
        const file = `${out}/rbac-${width}-${lang}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        await ctx.close();
      }
    }
  }
  if (want('etcd')) {
    const share = spawnSync('node', ['bin/kubetab.mjs', 'share', 'examples/web.yaml', '--at', '40s', '--base', url], { encoding: 'utf8' });
    if (share.status !== 0) throw new Error(`kubetab share failed: ${share.stderr}`);
    const link = share.stdout.trim();
    for (const theme of ['light', 'dark']) {
      for (const [width, height] of [[1440, 900], [1280, 720]]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: theme, deviceScaleFactor: 1 });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
        await page.goto(link);
        await page.locator('[data-kind="node"]').first().waitFor();
        await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
        await page.getByRole('tab', { name: 'etcd' }).click();
        await page.locator('button[data-path="/registry/deployments/"]').click();
        await page.locator('button[data-path="/registry/deployments/default/"]').click();
        await page.locator('button[data-path="/registry/deployments/default/web"]').click();
        await page.getByTestId('etcd-revision').first().waitFor({ timeout: 30000 });
        await page.waitForTimeout(700);
        const file = `${out}/etcd-${width}-${theme}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        await ctx.close();
      }
    }
  }
  if (want('requests')) {
    const web = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 250m
            memory: 128Mi
`;
    for (const theme of ['light', 'dark']) {
      for (const [width, height] of [[1440, 900], [1280, 720]]) {
        const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: theme, deviceScaleFactor: 1 });
        // The main column dragged wider and taller, as someone reading the conversation would.
        await ctx.addInitScript(() => {
          localStorage.setItem('kubetab.split.main', '0.72');
          localStorage.setItem('kubetab.split.left', '0.8');
        });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[${theme}] pageerror:`, e.message));
        await page.goto(url);
        await page.locator('[data-kind="node"]').first().waitFor();
        await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
        await page.locator('.monaco-editor').first().waitFor({ timeout: 30000 });
        await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
        await page.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Delete');
        await page.evaluate((t) => navigator.clipboard.writeText(t), web);
        await page.keyboard.press('ControlOrMeta+V');
        await page.waitForTimeout(300);
        await page.getByRole('button', { name: 'Apply', exact: true }).click();
        await page.getByRole('tab', { name: 'Requests' }).click();
        await page.getByTestId('req-story').waitFor({ timeout: 30000 });
        // Step until the scheduler's binding has been made, then a few steps more.
        for (let i = 0; i < 60 && !/bind default\/web-/.test((await page.getByTestId('clock-last').textContent()) ?? ''); i++) {
          await page.getByTestId('step').click();
          await page.waitForTimeout(60);
        }
        const pod = /bind default\/(web-\S+)/.exec((await page.getByTestId('clock-last').textContent()) ?? '')?.[1];
        for (const mode of ['Diagram', 'Sequence']) {
          await page.getByRole('tab', { name: mode, exact: true }).click();
          // The sequence follows the web pod, from its creation to its binding.
          if (mode === 'Sequence' && pod) {
            await page.getByLabel('Follow an object (resource/namespace/name)').fill(`pods/default/${pod}`);
            await page.getByRole('button', { name: 'Follow', exact: true }).click();
            await page.waitForTimeout(400);
          }
          const binding = page.locator('.story-row[data-kind="request"]', { hasText: 'POST pods/binding 201 default/web-' }).first();
          await binding.click().catch(() => console.error(`[${theme}] no binding row`));
          await page.getByTestId('req-v8').waitFor({ timeout: 10000 }).catch(() => console.error(`[${theme}] no -v=8 log`));
          await page.mouse.move(0, 0);
          await page.waitForTimeout(500);
          const file = `${out}/requests-${mode.toLowerCase()}-${width}-${theme}.png`;
          await page.screenshot({ path: file });
          console.log(file);
          if (theme === 'light' && width === 1440 && args.includes('--docs')) {
            mkdirSync('docs/screenshots', { recursive: true });
            copyFileSync(file, `docs/screenshots/requests-${mode.toLowerCase()}.png`);
            console.log(`docs/screenshots/requests-${mode.toLowerCase()}.png`);
          }
        }
        await ctx.close();
      }
    }
  }
  await browser.close();
} finally {
  process.kill(-server.pid);
}
