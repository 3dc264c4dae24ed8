import { expect, test } from '@playwright/test';
import { encodeShare } from '../src/scenario/urlCodec';
import type { Scenario } from '../src/scenario/format';
import { apply, typeIntoEditor } from './helpers';
import { expectScreen, openTerminal, typeLine } from './terminalHelpers';

const READ_PODS = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
subjects:
- kind: User
  name: alice
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;

const scenario = { seed: 7, cluster: { users: [{ name: 'alice', groups: ['dev'] }] }, actions: [] } as unknown as Scenario;

const cell = (page: import('@playwright/test').Page, subject: string, resource: string, verb: string) => page.locator(`td.rbac-cell[data-subject="${subject}"][data-resource="${resource}"][data-verb="${verb}"]`);

test('the RBAC view: alice cannot list pods until a RoleBinding grants it, and the square names the binding, role and rule', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${encodeShare(scenario, 5_000)}`);
  await page.locator('[data-kind="node"]').first().waitFor();
  await page.getByRole('tab', { name: 'RBAC' }).click();
  const view = page.getByTestId('rbac-view');
  await expect(view.getByTestId('rbac-namespace')).toHaveValue('default');
  const alice = cell(page, 'User:alice', 'pods', 'list');
  await expect(alice).toHaveAttribute('data-allowed', 'false');
  await expect(alice).toHaveAttribute('aria-label', 'User alice cannot list pods in default: no binding grants it');
  // kube-scheduler lists pods everywhere by its ClusterRoleBinding
  await cell(page, 'User:system:kube-scheduler', 'pods', 'list').hover();
  await expect(view.getByTestId('rbac-explain')).toContainText('ClusterRoleBinding system:kube-scheduler → ClusterRole system:kube-scheduler, rule 5');

  await typeIntoEditor(page, READ_PODS);
  await apply(page);
  await expect(page.getByTestId('apply-results')).toContainText('rolebinding.rbac.authorization.k8s.io/read-pods created');
  await expect(alice).toHaveAttribute('data-allowed', 'true');
  await expect(cell(page, 'User:alice', 'pods', 'delete')).toHaveAttribute('data-allowed', 'false');
  await alice.click();
  await page.mouse.move(0, 0);
  const explain = view.getByTestId('rbac-explain');
  await expect(explain).toContainText('User alice can list pods in default');
  await expect(explain).toContainText('RoleBinding default/read-pods → Role default/pod-reader, rule 1');
  await expect(explain).toContainText('{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "watch"]}');

  // What alice can do, as kubectl auth can-i --list --as=alice prints it
  await view.locator('[data-testid="rbac-subject"][data-subject="User:alice"]').click();
  await expect(view.getByTestId('rbac-whatcan')).toContainText('pods                                            []                  []               [get list watch]');

  // Who can get secrets in default: not alice
  await view.getByRole('combobox', { name: 'Verb' }).selectOption('get');
  await view.getByRole('textbox', { name: /^Resource/ }).fill('secrets');
  await view.getByRole('button', { name: 'Ask' }).click();
  const who = view.getByTestId('rbac-whocan');
  await expect(who).toContainText('Who can get secrets in default');
  await expect(who).toContainText('Group system:masters');
  await expect(who).not.toContainText('User alice');
  expect(errors).toEqual([]);
});

test('a Forbidden error in the terminal, and the denied request explained in the request log', async ({ page }) => {
  await page.goto(`/${encodeShare(scenario, 5_000)}`);
  await page.locator('[data-kind="node"]').first().waitFor();
  await openTerminal(page);
  await typeLine(page, '--as=alice get pods');
  await expectScreen(page, 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');

  await page.getByRole('tab', { name: 'Requests' }).click();
  await page.getByTestId('req-denied').check();
  const row = page.locator('.story-row[data-kind="request"]', { hasText: 'GET pods 403' }).last();
  await row.click();
  await expect(page.getByTestId('req-authz-headline')).toHaveText('Forbidden — no binding for User "alice" grants list pods in default');
  await expect(page.getByTestId('req-authz')).toContainText('authorization.k8s.io/decision: forbid');
  await expect(page.getByTestId('req-audit')).toContainText('"authorization.k8s.io/decision": "forbid"');
});
