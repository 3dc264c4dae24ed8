/**
 * `iptables-save` made readable without being changed: every line as printed, in order, grouped under
 * a collapsible heading per chain, with jumps to user chains as links, kube-proxy's Service and
 * endpoint chains labelled, and the rules that differ from the previous dump marked.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { diffIptables, findLine, labelText, parseIptablesSave, startsOpen } from './iptablesText';
import type { IptBlock, IptChainLabel, IptDiff, IptLine, LineChange } from './iptablesText';
import { translate, useT } from '../i18n';
import type { MessageKey } from '../i18n';

export interface IptablesViewProps {
  text: string;
  /** the previous dump of the same table: rules differing from it are marked */
  previousText?: string;
  /** a rule line (from a packet trace) to open, scroll to and mark */
  highlightLine?: string;
  /** block id → open, for the blocks the user opened or closed; kept by the owner across refreshes */
  open: Record<string, boolean>;
  onOpenChange(next: Record<string, boolean>): void;
}

const CHANGE_WORD: Record<LineChange, MessageKey> = { added: 'network.ipt.added', changed: 'network.ipt.changed' };

export function IptablesView({ text, previousText, highlightLine, open, onOpenChange }: IptablesViewProps) {
  const t = useT();
  const doc = useMemo(() => parseIptablesSave(text), [text]);
  const prevDoc = useMemo(() => (previousText === undefined ? undefined : parseIptablesSave(previousText)), [previousText]);
  const diff = useMemo(() => (prevDoc ? diffIptables(doc, prevDoc) : undefined), [doc, prevDoc]);
  const [raw, setRaw] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // Where to scroll (and what to focus) once the block it is in has been opened and rendered.
  const pending = useRef<{ selector: string; focus?: string } | null>(null);

  const marked = useMemo(() => (highlightLine === undefined ? undefined : findLine(doc, highlightLine)), [doc, highlightLine]);
  // The traced rule's chain is open unless the reader closed it after it was traced.
  const isOpen = (b: IptBlock): boolean => (b.kind === 'plain' ? true : (open[b.id] ?? (b.id === marked?.blockId || startsOpen(b))));
  const setOpen = (ids: string[], value: boolean): void => {
    const next = { ...open };
    for (const id of ids) next[id] = value;
    onOpenChange(next);
  };

  useLayoutEffect(() => {
    if (!marked) return;
    pending.current = { selector: `[data-line="${marked.n}"]` };
    if (open[marked.blockId] === false) setOpen([marked.blockId], true);
    else flush();
    // Only a new highlight scrolls; refreshed text with the same highlight leaves the reader where they are.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlightLine, marked?.blockId]);

  const flush = (): void => {
    const p = pending.current;
    if (!p || !root.current) return;
    const el = root.current.querySelector<HTMLElement>(p.selector);
    if (!el) return;
    pending.current = null;
    el.scrollIntoView({ block: p.focus ? 'start' : 'center' });
    if (p.focus) root.current.querySelector<HTMLElement>(p.focus)?.focus({ preventScroll: true });
  };
  useLayoutEffect(flush);

  const follow = (table: string, chain: string): void => {
    const key = `${table}/${chain}`;
    const id = doc.chainBlock.get(key);
    if (id) {
      pending.current = { selector: `[data-block="${CSS.escape(id)}"]`, focus: `[data-block="${CSS.escape(id)}"] .ipt-toggle` };
      if (!isOpenId(id)) setOpen([id], true);
      else flush();
      return;
    }
    // A chain with no rules: its declaration is all there is to show.
    const decl = doc.declaration.get(key);
    if (!decl) return;
    const declBlock = doc.blocks.find((b): b is Extract<IptBlock, { kind: 'declarations' }> => b.kind === 'declarations' && b.lines.includes(decl));
    pending.current = { selector: `[data-line="${decl.n}"]` };
    if (declBlock && !isOpenId(declBlock.id)) setOpen([declBlock.id], true);
    else flush();
  };
  const isOpenId = (id: string): boolean => {
    const b = doc.blocks.find((x) => x.kind !== 'plain' && x.id === id);
    return b ? isOpen(b) : false;
  };

  const foldable = doc.blocks.filter((b): b is Exclude<IptBlock, { kind: 'plain' }> => b.kind !== 'plain');
  const removedRules = diff ? [...diff.removed.values()].reduce((n, r) => n + r.length, 0) : 0;

  return (
    <div className="ipt" ref={root}>
      <div className="ipt-tools">
        <button type="button" className="small-btn" onClick={() => setOpen(foldable.map((b) => b.id), true)} disabled={raw}>
          {t('network.ipt.expandAll')}
        </button>
        <button type="button" className="small-btn" onClick={() => setOpen(foldable.map((b) => b.id), false)} disabled={raw}>
          {t('network.ipt.collapseAll')}
        </button>
        <label className="small ipt-raw">
          <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> {t('network.ipt.raw')}
        </label>
        {diff ? <Legend diff={diff} removedRules={removedRules} /> : null}
      </div>
      {raw ? (
        <pre className="ni-text">{text}</pre>
      ) : (
        <div className="ipt-doc">
          {doc.blocks.map((b, i) =>
            b.kind === 'plain' ? (
              <div key={`plain-${i}`} className="ipt-plain">
                {b.lines.map((l) => (
                  <Line key={l.n} line={l} table="" diff={diff} mark={marked?.n === l.n} follow={follow} />
                ))}
              </div>
            ) : (
              <Fold key={b.id} block={b} open={isOpen(b)} onToggle={() => setOpen([b.id], !isOpen(b))} label={blockLabel(b, doc.labels)} badge={diff ? changeBadge(b, diff) : undefined}>
                {b.lines.map((l) => (
                  <Line key={l.n} line={l} table={b.table} diff={diff} mark={marked?.n === l.n} follow={follow} />
                ))}
              </Fold>
            ),
          )}
        </div>
      )}
    </div>
  );
}

function blockLabel(b: Exclude<IptBlock, { kind: 'plain' }>, labels: Map<string, IptChainLabel>): string | undefined {
  if (b.kind !== 'chain') return undefined;
  const l = labels.get(`${b.table}/${b.chain}`);
  return l ? labelText(b.chain, l) : undefined;
}

function changeBadge(b: Exclude<IptBlock, { kind: 'plain' }>, diff: IptDiff): string | undefined {
  let added = 0;
  let changed = 0;
  for (const l of b.lines) {
    const c = diff.changes.get(l.n);
    if (c === 'added') added++;
    else if (c === 'changed') changed++;
  }
  const removed = b.kind === 'chain' ? (diff.removed.get(`${b.table}/${b.chain}`)?.length ?? 0) : 0;
  const parts = [changed ? translate('network.ipt.nChanged', { count: changed }) : '', added ? translate('network.ipt.nAdded', { count: added }) : '', removed ? translate('network.ipt.nRemoved', { count: removed }) : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

function Legend({ diff, removedRules }: { diff: IptDiff; removedRules: number }) {
  const t = useT();
  const gone = diff.removedChains.map((k) => k.slice(k.indexOf('/') + 1));
  return (
    <span className="ipt-legend small" aria-label={t('network.ipt.legend')}>
      <span className="ipt-key added">{t('network.ipt.added')}</span>
      <span className="ipt-key changed">{t('network.ipt.changed')}</span>
      <span className="muted">{diff.changes.size || removedRules ? t('network.ipt.since') : t('network.ipt.noneSince')}</span>
      {removedRules ? (
        <span className="muted" title={gone.length ? t('network.ipt.chainsGone', { chains: gone.join(' ') }) : undefined}>
          · {t('network.ipt.rulesRemoved', { count: removedRules })}
          {gone.length ? t('network.ipt.nChainsGone', { count: gone.length }) : ''}
        </span>
      ) : null}
    </span>
  );
}

function Fold({ block, open, onToggle, label, badge, children }: { block: Exclude<IptBlock, { kind: 'plain' }>; open: boolean; onToggle(): void; label?: string; badge?: string; children: ReactNode }) {
  const t = useT();
  const name = block.kind === 'chain' ? block.chain : t('network.ipt.declarations');
  const count = block.kind === 'chain' ? t('network.ipt.rules', { count: block.lines.length }) : `${block.lines.length}`;
  return (
    <div className={`ipt-fold${badge ? ' has-changes' : ''}`} data-block={block.id}>
      <button type="button" className="ipt-toggle" aria-expanded={open} onClick={onToggle}>
        <span className="ipt-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className={block.kind === 'chain' ? 'ipt-name mono' : 'ipt-name'}>{name}</span>
        {label ? (
          <span className="ipt-label" title={label}>
            {label}
          </span>
        ) : null}
        <span className="ipt-count muted">{count}</span>
        {badge ? <span className="ipt-badge">{badge}</span> : null}
      </button>
      {open ? <div className="ipt-lines">{children}</div> : null}
    </div>
  );
}

function Line({ line, table, diff, mark, follow }: { line: IptLine; table: string; diff: IptDiff | undefined; mark: boolean; follow(table: string, chain: string): void }) {
  const change = diff?.changes.get(line.n);
  const cls = ['ipt-line', change ?? '', mark ? 'mark' : '', line.text.startsWith('#') ? 'muted' : ''].filter(Boolean).join(' ');
  const tr = useT();
  const t = line.target;
  return (
    <div className={cls} data-line={line.n} data-change={change} title={change ? tr(CHANGE_WORD[change]) : undefined} aria-current={mark ? 'true' : undefined}>
      {t ? (
        <>
          {words(line.text.slice(0, t.start))}
          <button type="button" className="ipt-link" onClick={() => follow(table, t.name)} title={tr('network.ipt.goTo', { chain: t.name })}>
            {line.text.slice(t.start, t.end)}
          </button>
          {words(line.text.slice(t.end))}
        </>
      ) : (
        words(line.text)
      )}
    </div>
  );
}

/**
 * A wrapped rule may only break where the text has a space: a browser would otherwise break after the
 * hyphens of `-m` or `--comment` and show options that are not there.
 */
function words(text: string): ReactNode[] {
  return text.split(/( +)/).map((w, i) => (i % 2 === 1 || !w ? w : <span key={i} className="w">{w}</span>));
}
