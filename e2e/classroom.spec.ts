import { decodeShare, encodeShare } from '../src/scenario/urlCodec';
import type { Scenario } from '../src/scenario/format';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, deployment, setSpeed, typeIntoEditor } from './helpers';
import { expectScreen, openTerminal, screen, screenLines, typeLine } from './terminalHelpers';

/** A link to the default cluster with these actions, opened at `atMs`. */
function link(actions: Scenario['actions'], atMs: number): string {
  return `/${encodeShare({ seed: 1, cluster: {}, actions }, atMs)}`;
}

/** Every control in the header, and whether each lies wholly inside the viewport. */
async function headerControls(page: Page): Promise<{ name: string; inside: boolean; top: number }[]> {
  return page.locator('.topbar').evaluate((bar) => {
    const controls = [...bar.querySelectorAll<HTMLElement>('button, select, output.time, [role="radiogroup"]')].filter((e) => e.offsetParent !== null);
    return controls.map((e) => {
      const r = e.getBoundingClientRect();
      return { name: (e.getAttribute('aria-label') ?? e.textContent ?? '').trim(), inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight, top: Math.round(r.top) };
    });
  });
}

/** Elements wider than the viewport, or sticking out past its right edge so the page scrolls sideways. */
async function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth) out.push(`page scrolls: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      // Monaco sizes its own hidden measuring and input elements; it is checked by its box.
      if (e.closest('.monaco-editor') && !e.classList.contains('monaco-editor')) continue;
      const r = e.getBoundingClientRect();
      if (r.width > innerWidth + 0.5) out.push(`${e.tagName.toLowerCase()}.${e.className} ${Math.round(r.width)}px`);
    }
    return out;
  });
}

/** The Events table's column headings that are drawn, and the Message heading's box against its pane's. */
async function eventColumns(page: Page): Promise<{ shown: string[]; messageLeft: number; messageRight: number; paneRight: number }> {
  return page.locator('section.event-log').evaluate((pane) => {
    const shown = [...pane.querySelectorAll<HTMLElement>('.log-header [role="columnheader"]')].filter((h) => h.offsetParent !== null).map((h) => h.textContent ?? '');
    const message = pane.querySelector('.log-header .msg')!.getBoundingClientRect();
    return { shown, messageLeft: message.left, messageRight: message.right, paneRight: pane.getBoundingClientRect().right };
  });
}

/** Whether each node column of the scheduler's table lies wholly inside the table's scrolling wrap. */
async function nodeColumnsInside(page: Page): Promise<Record<string, boolean>> {
  return page.locator('.sched-table-wrap').evaluate((wrap) => {
    const w = wrap.getBoundingClientRect();
    return Object.fromEntries([...wrap.querySelectorAll<HTMLElement>('th.node-col')].map((th) => {
      const r = th.getBoundingClientRect();
      return [th.dataset.node!, r.left >= w.left - 0.5 && r.right <= w.right + 0.5];
    }));
  });
}

const HEADER = ['▶ Play', 'Step', 'Speed', '0.25×', '1×', '10×', '100×', 'Virtual time', 'Reset', 'Lessons', 'Copy link', 'Present', 'Language', 'Help', 'Switch to dark theme'];

test('presentation mode at 1280×720: larger type, the header in one row inside the screen, the Events message and the scheduler table inside their panes', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(link([{ atMs: 0, apply: deployment('web', 4, '250m', '128Mi') }], 20_000));
  await expect(page.locator('[data-kind="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(4, { timeout: 60_000 });
  await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
  const bodyPx = (): Promise<number> => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const editorPx = (): Promise<number> => page.locator('.monaco-editor .view-lines').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(await bodyPx()).toBe(15);
  expect(await editorPx()).toBe(15);
  // Normal mode at 1280: every header control inside the screen, in one row.
  let controls = await headerControls(page);
  expect(controls.map((c) => c.name)).toEqual(HEADER);
  expect(controls.filter((c) => !c.inside)).toEqual([]);
  expect(Math.max(...controls.map((c) => c.top))).toBeLessThan(20);
  expect(await tooWide(page)).toEqual([]);
  // The Events pane beside the side column gives up Source, so Message has room inside the pane.
  let events = await eventColumns(page);
  expect(events.shown).toEqual(['Time', 'Type', 'Reason', 'Object', 'Message']);
  expect(events.messageRight).toBeLessThanOrEqual(events.paneRight);
  expect(events.messageRight - events.messageLeft).toBeGreaterThan(250);

  // P (focus on the page, not in a text field) turns it on; the button says so.
  await page.locator('.cluster-view').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  const toggle = page.getByRole('button', { name: 'Present' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  // 19 px to the rem: the body's 0.9375rem and the clock's 1.15rem.
  expect(await bodyPx()).toBe(17.8125);
  await expect.poll(editorPx).toBe(19);
  expect(parseFloat(await page.locator('.time').evaluate((e) => getComputedStyle(e).fontSize))).toBe(21.85);

  controls = await headerControls(page);
  expect(controls.map((c) => c.name)).toEqual(HEADER);
  expect(controls.filter((c) => !c.inside)).toEqual([]);
  expect(Math.max(...controls.map((c) => c.top))).toBeLessThan(20);
  expect(await tooWide(page)).toEqual([]);
  // In the larger type the Events table also drops Type (a Warning row keeps its tint), and Message
  // still ends inside the pane with room to read.
  events = await eventColumns(page);
  expect(events.shown).toEqual(['Time', 'Reason', 'Object', 'Message']);
  expect(events.messageRight).toBeLessThanOrEqual(events.paneRight);
  expect(events.messageRight - events.messageLeft).toBeGreaterThan(200);
  // Pod IPs on the cards.
  await expect(page.locator('[data-kind="pod"][data-namespace="default"] .pod-ip').first()).toHaveText(/^10\.244\.\d+\.\d+$/);

  // The scheduler's table fits its pane beside the side column, all four node columns in view, and
  // its Total row is reached by scrolling the scheduler view; with the side column collapsed too.
  await page.getByRole('tab', { name: 'Scheduler' }).click();
  const wrap = page.locator('.sched-table-wrap');
  await expect(wrap.locator('th.node-col')).toHaveCount(4);
  const allInside = { 'control-plane': true, 'worker-1': true, 'worker-2': true, 'worker-3': true };
  await expect.poll(() => wrap.evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
  expect(await nodeColumnsInside(page)).toEqual(allInside);
  expect(await tooWide(page)).toEqual([]);
  const total = wrap.locator('tr.total-row');
  const totalShown = async (): Promise<boolean> => {
    await total.scrollIntoViewIfNeeded();
    return page.locator('.scheduler-view').evaluate((view, row) => {
      const v = view.getBoundingClientRect();
      const r = row!.getBoundingClientRect();
      return r.top >= v.top && r.bottom <= v.bottom && r.right <= v.right;
    }, await total.elementHandle());
  };
  expect(await totalShown()).toBe(true);
  // worker-2 also runs CoreDNS and metrics-server (on by default), whose requests lower its score.
  expect(await total.locator('td.total').evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-node')}=${c.getAttribute('data-total')}`))).toEqual(['control-plane=', 'worker-1=680', 'worker-2=675', 'worker-3=680']);
  await page.getByRole('button', { name: 'Collapse the editor and inspector' }).click();
  await expect.poll(() => wrap.evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
  expect(await nodeColumnsInside(page)).toEqual(allInside);
  expect(await totalShown()).toBe(true);
  expect(await tooWide(page)).toEqual([]);

  // Kept across a reload; P again turns it off.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  await page.locator('.main-pane').click({ position: { x: 5, y: 60 } });
  await page.keyboard.press('P');
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('html')).not.toHaveAttribute('data-present', '');
  expect(errors).toEqual([]);
});

/** The header's controls by role and accessible name, in each language (the names the catalogues give). */
const HEADER_NAMES = {
  en: { play: /^(Play|Pause)$/, step: 'Step', speed: 'Speed', reset: 'Reset', lessons: 'Lessons', copy: 'Copy link', present: 'Present', language: 'Language', help: 'Help', theme: /^Switch to (light|dark) theme$/ },
  'zh-CN': { play: /^(运行|暂停)$/, step: '单步', speed: '速度', reset: '重置', lessons: '课程', copy: '复制链接', present: '演示', language: '语言', help: '帮助', theme: /^切换到(浅色|深色)主题$/ },
} as const;

for (const size of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
  test(`the header at ${size.width}×${size.height}: one row, every control named, inside the screen and reached by Tab, in English and Chinese, normal and presentation`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/');
    await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
    const bar = page.locator('.topbar');
    for (const lang of ['en', 'zh-CN'] as const) {
      if (lang === 'zh-CN') await bar.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
      const n = HEADER_NAMES[lang];
      for (const present of [false, true]) {
        const toggle = bar.getByRole('button', { name: n.present, exact: true });
        if ((await toggle.getAttribute('aria-pressed')) !== String(present)) await toggle.click();
        await expect(toggle).toHaveAttribute('aria-pressed', String(present));
        const controls = [
          bar.getByRole('button', { name: n.play }),
          bar.getByRole('button', { name: n.step, exact: true }),
          bar.getByRole('radiogroup', { name: n.speed }),
          bar.getByRole('button', { name: n.reset, exact: true }),
          bar.getByRole('button', { name: n.lessons, exact: true }),
          bar.getByRole('button', { name: n.copy, exact: true }),
          toggle,
          bar.getByRole('combobox', { name: n.language }),
          bar.getByRole('button', { name: n.help, exact: true }),
          bar.getByRole('button', { name: n.theme }),
        ];
        for (const c of controls) await expect(c).toBeInViewport({ ratio: 1 });
        // One row: every control's box overlaps the same horizontal band, and the bar is one control high.
        const boxes = await Promise.all(controls.map(async (c) => (await c.boundingBox())!));
        const band = { top: Math.max(...boxes.map((b) => b.y)), bottom: Math.min(...boxes.map((b) => b.y + b.height)) };
        expect(band.bottom - band.top, `${lang} present=${present}`).toBeGreaterThan(20);
        expect((await bar.boundingBox())!.height).toBeLessThan(Math.max(...boxes.map((b) => b.height)) * 2);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
        // Lessons keeps its words; the icons are named by their labels, and no control is unnamed.
        await expect(controls[4]!).toHaveText(n.lessons);
        expect(await bar.locator('button:not([role="radio"]), select').evaluateAll((els) => els.filter((e) => !(e.getAttribute('aria-label') ?? e.textContent ?? '').trim()).length)).toBe(0);
      }
      // Tab walks every header control, from the first to the last (the radios are buttons too).
      await bar.getByRole('button', { name: n.play }).focus();
      const reached = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const name = await page.evaluate(() => {
          const e = document.activeElement;
          return e?.closest('.topbar') ? (e.getAttribute('aria-label') ?? e.textContent ?? '').trim() : null;
        });
        if (name === null) break;
        reached.add(name);
        await page.keyboard.press('Tab');
      }
      for (const name of [n.step, n.reset, n.lessons, n.copy, n.present, n.language, n.help]) expect([...reached]).toContain(name);
      expect([...reached].filter((r) => (n.theme as RegExp).test(r))).toHaveLength(1);
      // The focus tooltip names an icon for a keyboard user.
      await bar.getByRole('button', { name: n.help, exact: true }).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      expect(await bar.getByRole('button', { name: n.help, exact: true }).evaluate((e) => getComputedStyle(e, '::after').content)).toBe(`"${n.help}"`);
      // back to normal mode for the next language
      await bar.getByRole('button', { name: n.present, exact: true }).click();
    }
  });
}

test('P typed into the terminal is text, not presentation mode', async ({ page }) => {
  await page.goto('/');
  await openTerminal(page);
  await page.keyboard.type('get pods');
  await expect.poll(async () => (await screen(page)).split('\n').at(-1)).toBe('$ kubectl get pods');
  await expect(page.locator('html')).not.toHaveAttribute('data-present', '');
});

test('the side column and the bottom pane collapse to bars and come back, as they were, after a reload too', async ({ page }) => {
  await page.goto('/');
  await typeIntoEditor(page, deployment('kept', 2));
  const editor = page.getByRole('region', { name: 'Manifest editor' });
  await expect(editor).toBeVisible();

  await page.getByRole('button', { name: 'Collapse the editor and inspector' }).click();
  await expect(editor).toBeHidden();
  const restoreSide = page.getByRole('button', { name: 'Manifest & Inspector' });
  await expect(restoreSide).toBeVisible();
  await page.getByRole('button', { name: 'Collapse the events and terminal' }).click();
  await expect(page.getByRole('tab', { name: 'Events' })).toBeHidden();
  const restoreBottom = page.getByRole('button', { name: 'Events & Terminal' });
  await expect(restoreBottom).toBeVisible();
  // The cluster view takes the room.
  const main = await page.locator('.main-pane').boundingBox();
  expect(main!.width).toBeGreaterThan(1440 - 120);

  await page.reload();
  await expect(restoreSide).toBeVisible();
  await expect(restoreBottom).toBeVisible();
  await restoreSide.click();
  await expect(editor).toBeVisible();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('name: kept');
  await restoreBottom.click();
  await expect(page.getByRole('tab', { name: 'Events' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Collapse the editor and inspector' })).toBeVisible();
});

test('a link carries the editor text and the speed: opening it restores both', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  const text = `# for the class: apply when ready\n${deployment('lesson', 2)}`;
  await typeIntoEditor(page, text);
  await setSpeed(page, '10×');
  await expect.poll(async () => {
    const r = decodeShare(await page.evaluate(() => location.hash));
    return r.ok ? r.ui : undefined;
  }).toEqual({ editor: text, speed: 10 });
  const url = page.url();

  const student = await context.newPage();
  await student.goto(url);
  await expect(student.locator('[data-kind="node"]')).toHaveCount(4);
  await expect(student.getByRole('radio', { name: '10×' })).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => student.evaluate(() => sessionStorage.getItem('kubetab.editor'))).toBe(text);
  await student.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
  await expect(student.locator('.monaco-editor .view-lines')).toContainText('# for the class: apply when ready');
  await expect(student.locator('.monaco-editor .view-lines')).toContainText('name: lesson');
});

test('a warning from Apply is shown as a warning (⚠), the document as configured, and no error', async ({ page }) => {
  // The Deployment was made by `kubectl create`, so apply warns of the missing last-applied annotation.
  await page.goto(link([{ atMs: 0, kubectl: 'create deployment web --image=nginx:1.27' }], 5000));
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await typeIntoEditor(page, deployment('web', 1));
  await apply(page);
  const results = page.getByTestId('apply-results');
  const warning = results.locator('li[data-outcome="warning"]');
  await expect(warning).toContainText('Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation');
  await expect(warning.locator('.result-mark')).toHaveText('⚠');
  await expect(results.locator('li[data-outcome="configured"]')).toHaveText('✓deployment.apps/web configured');
  await expect(results.locator('li[data-outcome="error"]')).toHaveCount(0);
  // Amber, not the error's red.
  const colors = await warning.evaluate((e) => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--bad)';
    document.body.append(probe);
    const bad = getComputedStyle(probe).color;
    probe.remove();
    return { warning: getComputedStyle(e).color, bad };
  });
  expect(colors.warning).not.toBe(colors.bad);

  // In the terminal too: the warning line apart from the error that follows it.
  await openTerminal(page);
  await typeLine(page, 'delete pod nosuch --grace-period=0 --force');
  await expectScreen(page, 'Error from server (NotFound): pods "nosuch" not found');
  const lines = await screenLines(page);
  // The warning wraps over several rows; its first row carries the warning colour (yellow), the error its own (red).
  expect(lines.find((l) => l.text.startsWith('Warning: Immediate deletion does not wait'))?.fg).toBe(3);
  expect(lines.find((l) => l.text.startsWith('Error from server (NotFound): pods "nosuch" not found'))?.fg).toBe(1);
});

test('fault menus offer what applies: no crash for a container in back-off, power on only once powered off', async ({ page }) => {
  const crashing = `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "exit 1"]
    livenessProbe:
      exec: {command: ["true"]}
`;
  await page.goto(link([{ atMs: 0, apply: crashing }], 0));
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await setSpeed(page, '10×');
  await page.getByRole('button', { name: 'Play' }).click();
  const chip = page.locator('[data-kind="pod"][data-name="crasher"]');
  await expect(chip).toHaveAttribute('data-phase', 'CrashLoopBackOff', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(chip).toHaveAttribute('data-phase', 'CrashLoopBackOff');

  await chip.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Break pod crasher' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /container-crash/ })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: /probe-fail/ })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'Container app is not running' })).toBeDisabled();
  await expect(menu.getByRole('menuitem', { name: /image-unpullable/ })).toHaveCount(1);
  await expect(menu.getByRole('menuitem', { name: /image-pullable\)/ })).toHaveCount(0);
  await page.keyboard.press('Escape');

  const node = page.getByRole('button', { name: 'Faults for node worker-1' });
  await node.click();
  const nodeMenu = page.getByRole('menu', { name: /^Break node worker-1/ });
  await expect(nodeMenu.getByRole('menuitem', { name: /node-up/ })).toHaveCount(0);
  await expect(nodeMenu.getByRole('menuitem', { name: /heal/ })).toHaveCount(0);
  await nodeMenu.getByRole('menuitem', { name: /node-down/ }).click();
  await expect(page.locator('[data-toast="ok"]').last()).toContainText('node worker-1 powered off');
  await node.click();
  await expect(nodeMenu.getByRole('menuitem', { name: /node-up/ })).toHaveCount(1);
  await expect(nodeMenu.getByRole('menuitem', { name: /node-down|kubelet-stop|kube-proxy-stop/ })).toHaveCount(0);
  await expect(nodeMenu.getByRole('menuitem', { name: /partition/ })).toHaveCount(1);
});
