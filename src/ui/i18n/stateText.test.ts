/**
 * Beyond the components (catalog.test.ts), the page's text also starts in its stores (src/state) and in
 * the worker's text replies (src/worker). This test reads them with the TypeScript compiler and fails on:
 *
 *   - in src/state: a string or template literal with a letter as a `message:` property (a banner's,
 *     the health's) or as the text of `toast(kind, text)`; such text comes from a catalogue
 *     (translate, or english(note) beside the note);
 *   - in src/worker: a `{ type: 'text', text: … }` reply whose text is a literal with a letter and that
 *     carries no `note` the page can show instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const hasLetter = (s: string): boolean => /\p{L}/u.test(s);

/** A literal with a letter that `e` is (through `?:` branches), as its source text. */
function lettered(e: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return lettered(e.expression);
  if (ts.isConditionalExpression(e)) return [...lettered(e.whenTrue), ...lettered(e.whenFalse)];
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return hasLetter(e.text) ? [e.text] : [];
  if (ts.isTemplateExpression(e)) return hasLetter(e.head.text) || e.templateSpans.some((s) => hasLetter(s.literal.text)) ? [e.getText().slice(1, -1)] : [];
  return [];
}

const prop = (o: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined =>
  o.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
const hasProp = (o: ts.ObjectLiteralExpression, name: string): boolean => o.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === name);

/** Literal page text in one file of src/state ('state') or src/worker ('worker'), as `line: text`. */
export function scanStateSource(kind: 'state' | 'worker', file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const at = (n: ts.Node, texts: string[]): void => {
    for (const text of texts) out.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${text}`);
  };
  const visit = (n: ts.Node): void => {
    if (kind === 'state') {
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'message') at(n, lettered(n.initializer));
      if (ts.isCallExpression(n) && /(^|\.)toast$/.test(n.expression.getText(sf)) && n.arguments[1]) at(n, lettered(n.arguments[1]));
    } else if (ts.isObjectLiteralExpression(n)) {
      const type = prop(n, 'type');
      const text = prop(n, 'text');
      if (type && ts.isStringLiteral(type.initializer) && type.initializer.text === 'text' && text && !hasProp(n, 'note')) at(text, lettered(text.initializer));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(ROOT, dir, f));

describe("the stores' and the worker's text goes through the catalogues", () => {
  it('no literal banner, health or toast message in src/state; no worker text reply without a note', () => {
    const found = [
      ...sources('src/state').flatMap((f) => scanStateSource('state', relative(ROOT, f), readFileSync(f, 'utf8'))),
      ...sources('src/worker').flatMap((f) => scanStateSource('worker', relative(ROOT, f), readFileSync(f, 'utf8'))),
    ];
    expect(found).toEqual([]);
  });

  it('finds the literals it is meant to find, and only those', () => {
    const state = [
      "addBanner({ id: 'x', kind: 'error', message: 'The link is broken.' });",
      "useHealth.setState({ status: 'ok', message: '' });",
      "addBanner({ id: 'y', kind: 'info', message: english(note), note });",
      "useUi.getState().toast('error', ok ? `Saved ${n}` : translate('k'));",
      "toast('ok', r.message);",
    ].join('\n');
    expect(scanStateSource('state', 's.ts', state)).toEqual(['s.ts:1: The link is broken.', 's.ts:4: Saved ${n}']);
    const worker = [
      "this.post({ type: 'text', id, text: 'The cluster was rebuilt.' });",
      "this.post({ type: 'text', id, text: 'Rebuilt.', note: { key: 'replies.schedulerRebuilt' } });",
      "this.post({ type: 'text', id, text: r.stdout });",
      "this.post({ type: 'kubectl', id, text: 'x' });",
    ].join('\n');
    expect(scanStateSource('worker', 'w.ts', worker)).toEqual(['w.ts:1: The cluster was rebuilt.']);
  });
});
