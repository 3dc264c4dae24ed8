/**
 * The page's own words live in the message catalogues. This test reads every component of the page
 * (`src/ui/**\/*.tsx`) with the TypeScript compiler and fails on text a reader sees that did not come
 * through `t(...)`:
 *
 *   - JSX text with a letter in it (`<b>Next</b>`), and a string or template literal with a letter that a
 *     JSX child expression shows (`{busy ? 'Saving' : ''}`);
 *   - a string or template literal with a letter given to one of TEXT_PROPS, as a JSX attribute
 *     (`title="…"`, `aria-label={`Close ${x}`}`) or as an object literal's property (`{ label: 'Active' }`).
 *
 * A literal counts where it is the value shown: directly, or as a branch of `?:`, a side of `+`, the
 * right side of `&&` / `||` / `??`, or the fixed parts of a template. Arguments of a call are not
 * followed (`t('scheduler.next')`, `fmt(n)`): a call decides its own text. A "letter" is any Unicode
 * letter, so a Chinese literal is caught too. Not page text, so not flagged: a literal that is a
 * message key (`{ label: 'scheduler.queue.activeQ' }`, looked up with t later), a literal made only of
 * Kubernetes' own words (kubernetesWords.ts: `Deployment ${name}`, `sts`, `RollingUpdate`), what is inside
 * <code>, <pre>, <kbd> and <samp> (commands and program output, as the program writes them), and
 * the few literals in ALLOWED.
 *
 * It also checks the catalogues: every message's `{placeholders}` are the same in English and Chinese,
 * and no Chinese message is empty.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import type { Message } from './types';
import { onlyKubernetesWords } from './kubernetesWords';
import { helpEn } from '../help/content/en';
import { helpZhCN } from '../help/content/zh-CN';

const UI = join(__dirname, '..');
const ROOT = join(UI, '..', '..');

/** The props (and object properties) whose value a reader sees or hears. */
const TEXT_PROPS = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label', 'hint', 'aria-description']);

/**
 * Literals that stay as they are in every language: Kubernetes' or a tool's own words, and the
 * product's name. Matched against the whole literal (JSX text with its spaces collapsed).
 */
const ALLOWED: Record<string, string> = {
  kubetab: "the product's name",
  etcd: "the key-value store's name (the etcd tab)",
  vxlan: "flannel's backend name, as the flannel config spells it",
  'host-gw': "flannel's backend name, as the flannel config spells it",
  iptables: "kube-proxy's --proxy-mode value",
  ipvs: "kube-proxy's --proxy-mode value",
  'kube-proxy': 'the Kubernetes component the select sets the mode of',
  'FailedScheduling:': "the Event reason kube-scheduler records with this message",
  KubeSchedulerConfiguration: 'the kind the text area holds (kubescheduler.config.k8s.io/v1)',
};

export interface Finding {
  file: string;
  line: number;
  text: string;
}

const hasLetter = (s: string): boolean => /\p{L}/u.test(s);
/** Elements whose text is a program's (commands, output, keys): it stays as the program writes it. */
const CODE_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp']);
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The literal texts an expression shows as its value (see the header for which positions count). */
function shownLiterals(e: ts.Expression, out: ts.Node[]): void {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return shownLiterals(e.expression, out);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
    if (hasLetter(e.text)) out.push(e);
    return;
  }
  if (ts.isTemplateExpression(e)) {
    if (hasLetter(e.head.text) || e.templateSpans.some((s) => hasLetter(s.literal.text))) out.push(e);
    for (const s of e.templateSpans) shownLiterals(s.expression, out);
    return;
  }
  if (ts.isConditionalExpression(e)) {
    shownLiterals(e.whenTrue, out);
    shownLiterals(e.whenFalse, out);
    return;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) shownLiterals(e.left, out);
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) shownLiterals(e.right, out);
  }
}

const literalText = (n: ts.Node): string =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : ts.isTemplateExpression(n) ? n.getText().slice(1, -1) : squash(n.getText());

/** Text a reader sees in one component file that did not come through the catalogues. */
export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isJsxElement(n) && CODE_ELEMENTS.has(n.openingElement.tagName.getText(sf))) {
      visit(n.openingElement);
      return;
    }
    if (ts.isJsxText(n)) {
      if (hasLetter(n.text)) found.push(n);
    } else if (ts.isJsxExpression(n) && n.expression && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent))) {
      shownLiterals(n.expression, found);
    } else if (ts.isJsxAttribute(n) && TEXT_PROPS.has(n.name.getText(sf)) && n.initializer) {
      if (ts.isStringLiteral(n.initializer)) {
        if (hasLetter(n.initializer.text)) found.push(n.initializer);
      } else if (ts.isJsxExpression(n.initializer) && n.initializer.expression) {
        shownLiterals(n.initializer.expression, found);
      }
    } else if (ts.isPropertyAssignment(n) && TEXT_PROPS.has(propName(n.name))) {
      shownLiterals(n.initializer, found);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found
    .map((n) => {
      const text = ts.isJsxText(n) ? squash(n.text) : literalText(n);
      const start = ts.isJsxText(n) ? n.getStart(sf) + (n.text.length - n.text.trimStart().length) : n.getStart(sf);
      return { file, line: sf.getLineAndCharacterOfPosition(start).line + 1, text };
    })
    .filter((f) => !(f.text in ALLOWED) && !(f.text in en) && !onlyKubernetesWords(f.text));
}

function propName(n: ts.PropertyName): string {
  return ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : '';
}

function componentFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return componentFiles(p);
    return name.endsWith('.tsx') && !name.endsWith('.test.tsx') ? [p] : [];
  });
}

/** The `{name}`s of a message (both forms of a plural pair), sorted. */
function placeholders(m: Message): string[] {
  const texts = typeof m === 'string' ? [m] : [m.one, m.other];
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();
}
const isEmpty = (m: Message): boolean => (typeof m === 'string' ? m.trim() === '' : m.one.trim() === '' || m.other.trim() === '');

describe('the page speaks through its catalogues', () => {
  it('no component shows a literal: JSX text, or a literal given to a text prop, outside t(...)', () => {
    const findings = componentFiles(UI).flatMap((f) => scanSource(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
  });

  it('finds the literals it is meant to find, and only those', () => {
    const src = [
      "const QUEUES = [{ id: 'activeQ', label: 'Active', hint: `waits ${n}` }, { label: t('x'), hint: '' }];",
      'export const A = () => (',
      '  <div title="Scheduler" aria-label={open ? `Close ${node}` : t(\'k\')} data-testid="x" className="muted">',
      '    <b>Next:</b> {step.text} {busy ? \'Saving…\' : \'\'} {`${a}/${b}`} · ✓ {n}×',
      '    {t(\'scheduler.next\', { what: \'Filter\' })} {fmt(\'plain\')}',
      '    <input placeholder={t(\'p\')} alt="" /> <span>kubetab</span> <th>调度</th> <code title="Copy">-w json {\'x\'}</code>',
      "    <pre>{ok ? 'rebuilt' : `error: ${e}`}</pre> {QUEUES.map((q) => ({ label: 'scheduler.next', hint: 'scheduler.nxt' }))}",
      '    <i title={`Deployment ${d}`}>sts · RollingUpdate</i> <i title={`Deployment of ${d}`}>Pods</i>',
      '  </div>',
      ');',
    ].join('\n');
    expect(scanSource('x.tsx', src)).toEqual([
      { file: 'x.tsx', line: 1, text: 'Active' },
      { file: 'x.tsx', line: 1, text: 'waits ${n}' },
      { file: 'x.tsx', line: 3, text: 'Scheduler' },
      { file: 'x.tsx', line: 3, text: 'Close ${node}' },
      { file: 'x.tsx', line: 4, text: 'Next:' },
      { file: 'x.tsx', line: 4, text: 'Saving…' },
      { file: 'x.tsx', line: 6, text: '调度' },
      { file: 'x.tsx', line: 6, text: 'Copy' },
      { file: 'x.tsx', line: 7, text: 'scheduler.nxt' },
      { file: 'x.tsx', line: 8, text: 'Deployment of ${d}' },
    ]);
  });

  it('every allowed literal says why', () => {
    for (const [text, reason] of Object.entries(ALLOWED)) expect(reason.length, text).toBeGreaterThan(10);
    expect(Object.keys(ALLOWED).length).toBeLessThanOrEqual(16);
  });
});

function compareCatalogues(english: Record<string, Message>, chinese: Record<string, Message>): string[] {
  const problems: string[] = [];
  for (const [key, m] of Object.entries(english)) {
    const zh = chinese[key];
    if (zh === undefined) {
      problems.push(`${key}: no Chinese message`);
      continue;
    }
    if (isEmpty(zh)) problems.push(`${key}: the Chinese message is empty`);
    if (typeof zh !== 'string') problems.push(`${key}: a plural pair in Chinese, which does not inflect`);
    const a = placeholders(m).join(',');
    const b = placeholders(zh).join(',');
    if (a !== b) problems.push(`${key}: English has {${a}}, Chinese has {${b}}`);
  }
  for (const key of Object.keys(chinese)) if (!(key in english)) problems.push(`${key}: Chinese only`);
  return problems;
}

describe('the Chinese catalogue matches the English one', () => {
  it('same placeholders in every message, no Chinese message empty, none a plural pair', () => {
    expect(compareCatalogues(en, zhCN)).toEqual([]);
  });

  it('the help (loaded with its dialog) too', () => {
    expect(compareCatalogues(helpEn, helpZhCN)).toEqual([]);
  });

  it('tells a missing placeholder, an extra one and an empty message apart', () => {
    expect(compareCatalogues({ a: 'at {time}', b: { one: '{count} pod', other: '{count} pods' }, c: 'x' }, { a: '在', b: '{count} 个 Pod {node}', c: ' ', d: { one: '{count} 个', other: '{count} 个' } })).toEqual([
      'a: English has {time}, Chinese has {}',
      'b: English has {count}, Chinese has {count,node}',
      'c: the Chinese message is empty',
      'd: Chinese only',
    ]);
  });
});
