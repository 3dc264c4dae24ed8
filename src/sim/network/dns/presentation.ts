/**
 * Records in master-file presentation form, laid out as BIND's dns_rdataset_totext does for dig:
 * owner, TTL, class, type and rdata start at columns 0, 24, 32, 40 and 48, reached with tabs
 * (8 wide), or with one space when the text before already passed the column
 * (lib/dns/masterdump.c indent()). A question line has no TTL.
 */
import type { Question, ResourceRecord } from './message';

/** The rdata as BIND prints it. */
export function rdataText(rr: ResourceRecord): string {
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return rr.address;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return rr.target;
    case 'SRV':
      return `${rr.priority} ${rr.weight} ${rr.port} ${rr.target}`;
    case 'SOA':
      return `${rr.mname} ${rr.rname} ${rr.serial} ${rr.refresh} ${rr.retry} ${rr.expire} ${rr.minimum}`;
    case 'TXT':
      return rr.text.map((t) => `"${t.replace(/(["\\])/g, '\\$1')}"`).join(' ');
  }
}

const TAB = 8;

/** Pads from column `from` to column `to` the way masterdump.c's indent() does. */
function indent(from: number, to: number): { text: string; column: number } {
  const target = to < from + 1 ? from + 1 : to;
  const tabs = Math.floor(target / TAB) - Math.floor(from / TAB);
  if (tabs > 0) {
    const after = Math.floor(target / TAB) * TAB;
    return { text: '\t'.repeat(tabs) + ' '.repeat(target - after), column: target };
  }
  return { text: ' '.repeat(target - from), column: target };
}

export interface Columns {
  ttl: number;
  klass: number;
  type: number;
  rdata: number;
}

/** dig's columns for its default (one line per record, TTL and class shown) style. */
export const DIG_COLUMNS: Columns = { ttl: 24, klass: 32, type: 40, rdata: 48 };

function layout(fields: { text: string; column: number }[]): string {
  let out = '';
  let col = 0;
  for (const [i, f] of fields.entries()) {
    if (i > 0) {
      const pad = indent(col, f.column);
      out += pad.text;
      col = pad.column;
    }
    out += f.text;
    col += f.text.length;
  }
  return out;
}

export function recordLine(rr: ResourceRecord, cols: Columns = DIG_COLUMNS): string {
  return layout([
    { text: rr.name, column: 0 },
    { text: String(rr.ttl), column: cols.ttl },
    { text: 'IN', column: cols.klass },
    { text: rr.type, column: cols.type },
    { text: rdataText(rr), column: cols.rdata },
  ]);
}

/** `;name.  IN  TYPE` as dig's QUESTION SECTION prints it. */
export function questionLine(question: Question, cols: Columns = DIG_COLUMNS): string {
  return layout([
    { text: `;${question.name}`, column: 0 },
    { text: 'IN', column: cols.klass },
    { text: question.type, column: cols.type },
  ]);
}
