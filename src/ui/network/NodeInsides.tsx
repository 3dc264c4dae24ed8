/**
 * A node's insides: one tab per node-shell command (`ip addr`, `ip route`, `bridge fdb show`, both
 * `iptables-save` tables, `ipvsadm -Ln`, `ipset list`, `conntrack -L`), each showing exactly what the
 * shell prints. The iptables tabs add a chain-by-chain reading of the same lines. The page computes
 * nothing about the node: the text comes from the core.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { NODE_INSIDES_COMMANDS } from '../../sim/network/view/types';
import type { NodeInsides as NodeInsidesData, NodeInsidesTab } from '../../sim/network/view/types';
import { IptablesView } from './IptablesView';
import { useT } from '../i18n';

export interface NodeInsidesProps {
  node: string;
  /** undefined while the first read is on its way */
  insides: NodeInsidesData | undefined;
  /** the insides as they were before the last change: the iptables tabs mark the rules that differ */
  previous?: NodeInsidesData;
  /** a line a packet trace points at: its tab opens and the line is scrolled to and marked */
  highlight?: { tab: NodeInsidesTab; line: string };
  onClose(): void;
}

const TABS = Object.keys(NODE_INSIDES_COMMANDS) as NodeInsidesTab[];
const IPTABLES_TABS: ReadonlySet<NodeInsidesTab> = new Set(['iptables-save nat', 'iptables-save filter']);

/** What the terminal shows for a command: its stdout, then its stderr (conntrack's summary line). */
export function terminalText(out: { stdout: string; stderr: string }): string {
  return out.stdout + out.stderr;
}

export function NodeInsides({ node, insides, previous, highlight, onClose }: NodeInsidesProps) {
  const t = useT();
  const [tab, setTab] = useState<NodeInsidesTab>(highlight?.tab ?? 'ip addr');
  // Each iptables tab's opened and closed chains, kept while the text refreshes and across tab switches.
  const [open, setOpen] = useState<Partial<Record<NodeInsidesTab, Record<string, boolean>>>>({});
  const ids = useId();
  const tabId = (t: NodeInsidesTab): string => `${ids}-tab-${TABS.indexOf(t)}`;

  useEffect(() => {
    if (highlight) setTab(highlight.tab);
  }, [highlight?.tab, highlight?.line]); // eslint-disable-line react-hooks/exhaustive-deps

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    setTab(TABS[to]!);
    document.getElementById(tabId(TABS[to]!))?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  const out = insides?.[tab];
  const line = highlight?.tab === tab ? highlight.line : undefined;
  return (
    <section className="node-insides" aria-label={t('network.nodeRegion', { node })} onKeyDown={onKey}>
      <div className="pane-head ni-head">
        <div className="ni-title">
          <h2>{node}</h2>
          <span className="muted small">{t('network.asShellPrints')}</span>
          <span className="spacer" />
          <button type="button" className="small-btn" onClick={onClose} aria-label={t('network.closeNode', { node })}>
            ✕
          </button>
        </div>
        <div className="ni-tabs" role="tablist" aria-label={t('network.nodeCommands', { node })} onKeyDown={onTabKey}>
          {TABS.map((x) => (
            <button key={x} id={tabId(x)} type="button" role="tab" aria-selected={x === tab} aria-controls={`${ids}-panel`} tabIndex={x === tab ? 0 : -1} onClick={() => setTab(x)}>
              {x}
            </button>
          ))}
        </div>
      </div>
      <div className="ni-body" id={`${ids}-panel`} role="tabpanel" aria-labelledby={tabId(tab)} tabIndex={0}>
        <div className="ni-prompt mono" aria-label={t('network.command')}>
          <samp className="muted">root@{node}:~#</samp> {NODE_INSIDES_COMMANDS[tab]}
        </div>
        {!out ? (
          <p className="muted pad">{t('network.readingNode', { node })}</p>
        ) : IPTABLES_TABS.has(tab) && out.exitCode === 0 && !out.stderr ? (
          <IptablesView
            text={out.stdout}
            {...(previous ? { previousText: previous[tab].stdout } : {})}
            {...(line !== undefined ? { highlightLine: line } : {})}
            open={open[tab] ?? {}}
            onOpenChange={(next) => setOpen((o) => ({ ...o, [tab]: next }))}
          />
        ) : (
          <ShellText text={terminalText(out)} highlightLine={line} />
        )}
        {out && out.exitCode !== 0 ? <p className="muted small pad">{t('network.exitStatus', { code: out.exitCode })}</p> : null}
      </div>
    </section>
  );
}

/** A command's output as printed, one element per line so a traced route, FDB entry or IPVS line can be marked. */
function ShellText({ text, highlightLine }: { text: string; highlightLine: string | undefined }) {
  const t = useT();
  const pre = useRef<HTMLPreElement>(null);
  const lines = text.split('\n');
  const last = lines.length - 1;
  // ipvsadm indents its lines; a trace may quote them without the indent.
  let mark = highlightLine === undefined ? -1 : lines.indexOf(highlightLine);
  if (mark < 0 && highlightLine !== undefined && highlightLine.trim()) mark = lines.findIndex((l) => l.trim() === highlightLine.trim());
  useLayoutEffect(() => {
    if (mark >= 0) pre.current?.querySelector('.mark')?.scrollIntoView({ block: 'center' });
  }, [highlightLine, mark]);
  if (!text) return <p className="muted pad">{t('network.noOutput')}</p>;
  return (
    <pre className="ni-text" ref={pre}>
      {lines.map((l, i) => (
        <span key={i} className={i === mark ? 'mark' : undefined} aria-current={i === mark ? 'true' : undefined}>
          {l}
          {i < last ? '\n' : ''}
        </span>
      ))}
    </pre>
  );
}
