/**
 * CoreDNS's loadbalance plugin (round_robin, plugin/loadbalance): before a NOERROR reply leaves,
 * the A/AAAA (and MX) records of each section are shuffled; CNAMEs come first, then other types,
 * then the addresses, then MX. The real plugin draws from dns.Id(); here the draws come from a
 * seeded stream so replies repeat on replay.
 */
import type { DnsMessage, ResourceRecord } from '../../network/dns/message';

/** A source of 16-bit ids, like miekg/dns's dns.Id(). */
export type IdSource = () => number;

function shuffle(records: ResourceRecord[], nextId: IdSource): void {
  const l = records.length;
  if (l <= 1) return;
  if (l === 2) {
    if (nextId() % 2 === 0) [records[0], records[1]] = [records[1]!, records[0]!];
    return;
  }
  for (let j = 0; j < l; j++) {
    const p = j + (nextId() % (l - j));
    if (p === j) continue;
    [records[j], records[p]] = [records[p]!, records[j]!];
  }
}

function roundRobin(input: ResourceRecord[], nextId: IdSource): ResourceRecord[] {
  if (input.length <= 1) return input;
  const first = input[0]!.type;
  if ((first === 'A' || first === 'AAAA') && input.every((r) => r.type === first)) {
    const out = [...input];
    shuffle(out, nextId);
    return out;
  }
  const cname: ResourceRecord[] = [];
  const address: ResourceRecord[] = [];
  const rest: ResourceRecord[] = [];
  for (const r of input) {
    if (r.type === 'CNAME') cname.push(r);
    else if (r.type === 'A' || r.type === 'AAAA') address.push(r);
    else rest.push(r);
  }
  shuffle(address, nextId);
  return [...cname, ...rest, ...address];
}

export function loadbalance(reply: DnsMessage, nextId: IdSource): DnsMessage {
  if (reply.rcode !== 'NOERROR') return reply;
  const answer = roundRobin(reply.answer, nextId);
  const authority = roundRobin(reply.authority, nextId);
  const additional = roundRobin(reply.additional, nextId);
  return { ...reply, answer, authority, additional };
}
