/**
 * Registry: plugin name → factory, a plain map (runtime/registry.go). The in-tree plugins are in
 * `plugins/registry.ts`; out-of-tree ones can be merged in.
 */
import type { PluginFactory } from './interface';

export type Registry = Record<string, PluginFactory>;

export function register(r: Registry, name: string, factory: PluginFactory): void {
  if (r[name]) throw new Error(`a plugin named ${name} already exists`);
  r[name] = factory;
}

export function unregister(r: Registry, name: string): void {
  if (!r[name]) throw new Error(`no plugin named ${name} exists`);
  delete r[name];
}

export function merge(r: Registry, other: Registry): void {
  for (const [name, f] of Object.entries(other)) register(r, name, f);
}
