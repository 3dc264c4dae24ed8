/** Corpus manifests, mutated, as the text `kubectl apply -f -` reads. */
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import type { Fuzz } from './random';
import { mutate, mutateText, setKey, type Json } from './mutate';

export interface MutatedManifest {
  text: string;
  how: string[];
}

function docsOf(text: string): Json[] | undefined {
  try {
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((d) => d.errors.length > 0)) return undefined;
    return list.map((d) => d.toJS() as Json).filter((d) => d !== null && d !== undefined);
  } catch {
    return undefined;
  }
}

function serialize(f: Fuzz, docs: Json[]): { text: string; how: string } {
  const form = f.int(10);
  if (form < 6) return { text: docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'), how: 'yaml' };
  if (docs.length === 1 || form < 8) return { text: docs.map((d) => JSON.stringify(d, null, f.chance(50) ? 2 : undefined)).join('\n'), how: 'json' };
  const list: Record<string, Json> = {};
  setKey(list, 'apiVersion', 'v1');
  setKey(list, 'kind', 'List');
  setKey(list, 'items', docs);
  return { text: JSON.stringify(list), how: 'json List' };
}

/** One corpus file, with one of its documents mutated (or its text damaged). */
export function mutatedManifest(f: Fuzz, file: string): MutatedManifest {
  const original = readFileSync(file, 'utf8');
  const docs = docsOf(original);
  if (!docs || docs.length === 0 || f.chance(10)) {
    const t = mutateText(f, original);
    return { text: t.text, how: [`text: ${t.how}`] };
  }
  const i = f.int(docs.length);
  const m = mutate(f, docs[i]!);
  const out = [...docs];
  out[i] = m.value;
  const s = serialize(f, out);
  const how = [...m.how.map((h) => `doc ${i}: ${h}`), s.how];
  if (s.how === 'yaml' && f.chance(15)) {
    const t = mutateText(f, s.text);
    return { text: t.text, how: [...how, `text: ${t.how}`] };
  }
  return { text: s.text, how };
}
