/**
 * What the etcd tab holds between the worker's answers: the tree levels asked for (by prefix), which
 * folders are open, the key selected with its history, and etcd's status. Kept across tab switches;
 * cleared when a new cluster loads (a reset, a link), since it described the one before.
 */
import { create } from 'zustand';
import type { EtcdKeyHistory, EtcdLevel, EtcdStatus } from '../../worker/protocol';

export interface EtcdUiState {
  /** open folders: '' (the root) and '/registry/' from the start */
  open: string[];
  levels: Record<string, EtcdLevel>;
  key: string | null;
  history: EtcdKeyHistory | null;
  status: EtcdStatus | null;
  error: string | null;
}

export const ROOT_OPEN = ['', '/registry/'];

export const useEtcd = create<EtcdUiState>(() => ({ open: ROOT_OPEN, levels: {}, key: null, history: null, status: null, error: null }));

export function toggleFolder(prefix: string): void {
  const { open } = useEtcd.getState();
  // Closing a folder closes the ones inside it too.
  useEtcd.setState({ open: open.includes(prefix) ? open.filter((p) => !p.startsWith(prefix)) : [...open, prefix] });
}

export function selectKey(key: string): void {
  useEtcd.setState({ key, history: useEtcd.getState().history?.key === key ? useEtcd.getState().history : null });
}

export function clearEtcd(): void {
  useEtcd.setState({ open: ROOT_OPEN, levels: {}, key: null, history: null, status: null, error: null });
}
