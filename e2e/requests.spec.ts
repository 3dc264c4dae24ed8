import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { apply, typeIntoEditor } from './helpers';

/** The README's web Deployment, with one replica so each step of its one pod can be read. */
const WEB = `apiVersion: apps/v1
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

/** Step once and wait for the worker to have run the event. */
async function step(page: Page): Promise<void> {
  const clock = page.getByRole('group', { name: 'Clock' });
  const n = await clock.getAttribute('data-events-run');
  await page.getByTestId('step').click();
  await expect(clock).not.toHaveAttribute('data-events-run', n!);
}

const titles = (page: Page) => page.locator('.story-step-title');
/** The rows of the story as `kind from→to: label object`. */
const rowTexts = (page: Page) =>
  page.locator('.story-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-from')}→${e.getAttribute('data-to')}: ${(e.querySelector('.seq-label') ?? e).textContent?.trim()}`));

/** The indexes of `wanted` found in order in `list` (each after the one before); -1 where one is missing. */
function inOrder(list: readonly string[], wanted: readonly (string | RegExp)[]): number[] {
  const out: number[] = [];
  let from = 0;
  for (const w of wanted) {
    const i = list.findIndex((s, j) => j >= from && (typeof w === 'string' ? s === w : w.test(s)));
    out.push(i);
    if (i >= 0) from = i + 1;
  }
  return out;
}

test('stepping an apply reads as a story: named steps, requests in order, one pod followed, a request as kubectl -v=8 logs it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('[data-kind="node"]')).toHaveCount(4);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  await typeIntoEditor(page, WEB);
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');

  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByRole('tab', { name: 'Sequence', exact: true }).click();
  // The apply's request is the newest step of the story; the Step button says what comes next.
  await expect(titles(page).last()).toHaveText('kubectl: apply deployment.apps/web');
  await expect(page.getByTestId('clock-last')).toHaveText('did kubectl: apply deployment.apps/web');
  // One delivery takes the new Deployment to both of kube-controller-manager's Deployment watches.
  await expect(page.getByTestId('clock-next')).toHaveText('next watch: ADDED deployments/default/web → kube-controller-manager (+1 more)');
  await expect(page.getByTestId('step')).toHaveAttribute('title', /^Step: watch: ADDED deployments\/default\/web → kube-controller-manager \(\+1 more\) \(at \d+:\d\d\.\d\)$/);

  await step(page);
  await expect(page.getByTestId('clock-last')).toHaveText('did watch: ADDED deployments/default/web → kube-controller-manager (+1 more)');
  await expect(titles(page).last()).toHaveText('watch: ADDED deployments/default/web → kube-controller-manager (+1 more)');

  // Step until the kubelet reports the pod's status (a few dozen events).
  const last = page.getByTestId('clock-last');
  for (let i = 0; i < 120 && !/^did kubelet\/worker-\d: patch status of pods default\/web-/.test((await last.textContent()) ?? ''); i++) await step(page);
  await expect(last).toHaveText(/^did kubelet\/worker-\d: patch status of pods default\/web-[a-z0-9]+-[a-z0-9]{5}$/);
  const [, node, pod] = /^did kubelet\/(worker-\d): patch status of pods default\/(web-[a-z0-9]+-[a-z0-9]{5})$/.exec((await last.textContent())!)!;
  const rs = pod!.slice(0, pod!.lastIndexOf('-'));

  // The named steps, in order: create deployment → watch → replicaset create → pod create → bind → status.
  const story = await titles(page).allTextContents();
  const more = '( \\(\\+\\d+ more\\))?';
  expect(
    inOrder(story, [
      'kubectl: apply deployment.apps/web',
      new RegExp(`^watch: ADDED deployments/default/web → kube-controller-manager${more}$`),
      new RegExp(`^deployment-controller: create replicasets default/${rs}${more}$`),
      new RegExp(`^watch: ADDED replicasets/default/${rs} → kube-controller-manager${more}$`),
      new RegExp(`^replicaset-controller: create pods default/${pod}${more}$`),
      // One delivery per instant: its step is named by the first watcher it reaches (the scheduler's
      // and the kubelet's deliveries are in the steps' rows, below).
      new RegExp(`^watch: ADDED pods/default/${pod} → kube-controller-manager${more}$`),
      new RegExp(`^kube-scheduler: bind default/${pod} to ${node}${more}$`),
      `kubelet/${node}: patch status of pods default/${pod}`,
    ]).every((i) => i >= 0),
    story.join('\n'),
  ).toBe(true);

  // The requests behind them, each with its etcd write.
  const rows = await rowTexts(page);
  expect(
    inOrder(rows, [
      'request kubectl→kube-apiserver: POST deployments 201 default/web',
      /^watch kube-apiserver→kube-controller-manager: ADDED deployments default\/web rv \d+$/,
      `request deployment-controller→kube-apiserver: POST replicasets 201 default/${rs}`,
      `request replicaset-controller→kube-apiserver: POST pods 201 default/${pod}`,
      new RegExp(`^etcd kube-apiserver→etcd: PUT /registry/pods/default/${pod} rev \\d+$`),
      new RegExp(`^watch kube-apiserver→kube-scheduler: ADDED pods default/${pod} rv \\d+$`),
      `request kube-scheduler→kube-apiserver: POST pods/binding 201 default/${pod}`,
      new RegExp(`^watch kube-apiserver→kubelet/${node}: ADDED pods default/${pod} rv \\d+$`),
      `request kubelet/${node}→kube-apiserver: PATCH pods/status 200 default/${pod}`,
    ]).map((i) => i >= 0),
    rows.join('\n'),
  ).toEqual(Array(9).fill(true));

  // Follow the pod: only what concerns it, from its creation on, a readable number of steps.
  await page.getByLabel('Follow an object (resource/namespace/name)').fill(`pods/default/${pod}`);
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(titles(page).first()).toHaveText(new RegExp(`^replicaset-controller: create pods default/${pod}${more}$`));
  const followed = await rowTexts(page);
  expect(followed.slice(0, 4)).toEqual([
    `request replicaset-controller→kube-apiserver: POST pods 201 default/${pod}`,
    expect.stringMatching(new RegExp(`^etcd kube-apiserver→etcd: PUT /registry/pods/default/${pod} rev \\d+$`)) as unknown as string,
    expect.stringMatching(new RegExp(`^watch kube-apiserver→kube-controller-manager: ADDED pods default/${pod} rv \\d+$`)) as unknown as string,
    expect.stringMatching(new RegExp(`^watch kube-apiserver→kube-scheduler: ADDED pods default/${pod} rv \\d+$`)) as unknown as string,
  ]);
  // Stepping on while following: the pod's story grows to its second status update (Running), in 7
  // named steps (each instant's watch deliveries are one step).
  const status = `kubelet/${node}: patch status of pods default/${pod}`;
  for (let i = 0; i < 80 && (await titles(page).allTextContents()).filter((t) => t === status).length < 2; i++) await step(page);
  const told = await titles(page).allTextContents();
  expect(told.filter((t) => t === status)).toHaveLength(2);
  expect(told.length, told.join('\n')).toBe(7);
  await page.getByRole('tab', { name: 'Cluster' }).click();
  await expect(page.locator(`[data-kind="pod"][data-name="${pod}"]`)).toHaveAttribute('data-phase', 'Running');
  await page.getByRole('tab', { name: 'Requests' }).click();

  // The binding in full: kubectl -v=8's lines, the audit record, the watch events it caused.
  await page.locator('.story-row[data-kind="request"]', { hasText: 'POST pods/binding 201' }).click();
  const v8 = page.getByTestId('req-v8');
  await expect(v8).toContainText(`POST https://192.168.1.10:6443/api/v1/namespaces/default/pods/${pod}/binding`);
  await expect(v8).toContainText('Response Status: 201 Created in');
  await expect(page.getByTestId('req-audit')).toContainText('"verb": "create"');
  await expect(page.getByTestId('req-audit')).toContainText('"username": "system:kube-scheduler"');

  // Up moves the selection to the entry before, keyboard only.
  await page.getByRole('listbox').focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('.story-row[aria-selected="true"]')).toHaveAttribute('data-kind', 'watch');

  // The diagram lights the selected step's arrow from the scheduler to the API server.
  await page.getByRole('tab', { name: 'Diagram', exact: true }).click();
  await page.locator('.story-row[data-kind="request"]', { hasText: 'POST pods/binding 201' }).click();
  await expect(page.locator('[data-edge="kube-scheduler>kube-apiserver"]')).toContainText('POST pods/binding 201');
  expect(errors).toEqual([]);
});
