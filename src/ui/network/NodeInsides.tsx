/** A node's insides, each command's output as its shell prints it (a plain version of the panel). */
import { useState } from 'react';
import { NODE_INSIDES_COMMANDS } from '../../sim/network/view/types';
import type { NodeInsides as Insides, NodeInsidesTab } from '../../sim/network/view/types';

export interface NodeInsidesProps {
  node: string;
  insides: Insides | undefined;
  previous?: Insides;
  highlight?: { tab: NodeInsidesTab; line: string };
  onClose(): void;
}

const TABS = Object.keys(NODE_INSIDES_COMMANDS) as NodeInsidesTab[];

export function NodeInsides({ node, insides, highlight, onClose }: NodeInsidesProps) {
  const [chosen, setChosen] = useState<NodeInsidesTab>('ip addr');
  const tab = highlight?.tab ?? chosen;
  const out = insides?.[tab];
  return (
    <section className="node-insides" aria-label={`Insides of ${node}`} data-testid="node-insides">
      <div className="node-insides-head">
        <strong>root@{node}</strong>
        <select aria-label="Command" value={tab} onChange={(e) => setChosen(e.target.value as NodeInsidesTab)}>
          {TABS.map((t) => (
            <option key={t} value={t}>{NODE_INSIDES_COMMANDS[t]}</option>
          ))}
        </select>
        <button type="button" onClick={onClose} aria-label="Close the node's insides">×</button>
      </div>
      <pre className="node-insides-text">
        {out ? (out.stdout + out.stderr).split('\n').map((l, i) => (highlight && l.includes(highlight.line) ? <mark key={i}>{l + '\n'}</mark> : l + '\n')) : 'Loading…'}
      </pre>
    </section>
  );
}
