/**
 * One entry as conntrack-tools 1.4.7 prints it (libnetfilter_conntrack's default snprintf): the
 * protocol name left-justified in 8 columns and its number, the seconds left, the TCP state, each
 * direction's addresses and ports (ICMP: type, code, id), [UNREPLIED] after the original tuple while
 * no reply was seen, [ASSURED] after the reply tuple, then mark= and use=. No packets=/bytes= (the
 * kernel sends counters only with nf_conntrack_acct, off by default) and no zone= (only a non-default
 * zone is sent). `-o extended` puts the layer 3 protocol first (`ipv4     2 `).
 */
import type { CtEntry, CtTuple } from './types';
import { PROTO_NUMBER, isIcmpTuple } from './types';

function tupleText(t: CtTuple): string {
  const l4 = isIcmpTuple(t) ? `type=${t.type} code=${t.code} id=${t.id}` : `sport=${t.sport} dport=${t.dport}`;
  return `src=${t.src} dst=${t.dst} ${l4}`;
}

export function formatEntry(e: CtEntry, remainingS: number, o: { extended?: boolean } = {}): string {
  const parts: string[] = [];
  if (o.extended) parts.push(`${'ipv4'.padEnd(8)} 2`);
  parts.push(`${e.proto.padEnd(8)} ${PROTO_NUMBER[e.proto]}`, String(remainingS));
  if (e.tcpState) parts.push(e.tcpState);
  parts.push(tupleText(e.original));
  if (!e.seenReply) parts.push('[UNREPLIED]');
  parts.push(tupleText(e.reply));
  if (e.assured) parts.push('[ASSURED]');
  parts.push(`mark=${e.mark}`, `use=${e.use}`);
  return parts.join(' ');
}
