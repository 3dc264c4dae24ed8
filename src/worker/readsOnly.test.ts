import { describe, expect, it } from 'vitest';
import { readsOnly } from './host';

describe('readsOnly', () => {
  it('finds rollout\'s subcommand past flags and their values', () => {
    expect(readsOnly('kubectl rollout -n web status deploy/x')).toBe(true);
    expect(readsOnly('rollout --namespace web history deploy/x')).toBe(true);
    expect(readsOnly('rollout --namespace=web undo deploy/x')).toBe(false);
    expect(readsOnly('rollout -n status restart deploy/x')).toBe(false);
    expect(readsOnly('rollout status deploy/x')).toBe(true);
  });
});

describe('readsOnly of a list', () => {
  it('reads only when every command of the list does', () => {
    expect(readsOnly('get deploy web -o yaml > web.yaml && get pods')).toBe(true);
    expect(readsOnly('get deploy web -o yaml > web.yaml && apply -f web.yaml')).toBe(false);
    expect(readsOnly('get pods; delete pod x')).toBe(false);
    expect(readsOnly('get pods | grep web')).toBe(true);
  });
});

describe('readsOnly of config', () => {
  it('records the lines that change the kubeconfig, so that a replay switches context again', () => {
    expect(readsOnly('kubectl config get-contexts')).toBe(true);
    expect(readsOnly('config view --minify')).toBe(true);
    expect(readsOnly('config current-context')).toBe(true);
    expect(readsOnly('config')).toBe(true);
    expect(readsOnly('config use-context alice@kubernetes')).toBe(false);
    expect(readsOnly('config use alice@kubernetes')).toBe(false);
    expect(readsOnly('config set-context --current --namespace=dev')).toBe(false);
  });
});

describe('readsOnly past global flags', () => {
  it('finds the verb after --as, -n and --context and their values', () => {
    expect(readsOnly('kubectl --as=alice get pods')).toBe(true);
    expect(readsOnly('kubectl --as alice get pods')).toBe(true);
    expect(readsOnly('-n dev get pods')).toBe(true);
    expect(readsOnly('--context alice@kubernetes delete pod x')).toBe(false);
    expect(readsOnly('--as=alice auth can-i list pods')).toBe(true);
    expect(readsOnly('-n web rollout status deploy/x')).toBe(true);
  });
});
