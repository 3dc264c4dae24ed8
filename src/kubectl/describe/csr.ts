/**
 * `kubectl describe certificatesigningrequest`: the request's PEM is decoded as Go's x509 does —
 * enough DER to read the subject and the subjectAltName of the extension request.
 */
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1';
import type { Event } from 'kubernetes-types/core/v1';
import { humanDuration } from '../duration';
import { formatLabels } from '../labelfmt';
import { rfc1123z } from '../time';
import { describeEvents } from './common';
import { decodeBase64 } from './config';
import type { Describer } from './types';
import { PrefixWriter } from './writer';

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER element at `off` (definite lengths only, as DER has). */
function tlv(b: number[], off: number): Tlv {
  const tag = b[off]!;
  let len = b[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  if (start + len > b.length) throw new Error('asn1: syntax error: data truncated');
  return { tag, start, end: start + len };
}

function children(b: number[], t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let off = t.start; off < t.end; ) {
    const c = tlv(b, off);
    out.push(c);
    off = c.end;
  }
  return out;
}

function oid(b: number[], t: Tlv): string {
  const first = b[t.start]!;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

const text = (b: number[], t: Tlv): string => new TextDecoder().decode(new Uint8Array(b.slice(t.start, t.end)));

export interface ParsedCsr {
  subject: { commonName: string; serialNumber: string; organization: string[]; organizationalUnit: string[]; country: string[]; locality: string[]; province: string[]; streetAddress: string[]; postalCode: string[] };
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  ipAddresses: string[];
}

function ipString(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // the longest run of zero groups (of two or more) becomes ::, as Go's net.IP.String does
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; i++) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** certificate.ParseCSR: the PEM block, then the DER request's subject and SANs. */
export function parseCsr(pem: string): ParsedCsr {
  const m = /-----BEGIN ([^-]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!m || m[1] !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const der = decodeBase64(m[2]!.replace(/\s+/g, ''));
  const req = tlv(der, 0);
  const info = children(der, req)[0]!;
  const [, name, , attrs] = children(der, info);
  const out: ParsedCsr = {
    subject: { commonName: '', serialNumber: '', organization: [], organizationalUnit: [], country: [], locality: [], province: [], streetAddress: [], postalCode: [] },
    dnsNames: [],
    emailAddresses: [],
    uris: [],
    ipAddresses: [],
  };
  const s = out.subject;
  for (const rdn of children(der, name!))
    for (const atv of children(der, rdn)) {
      const [o, v] = children(der, atv);
      const value = text(der, v!);
      switch (oid(der, o!)) {
        case '2.5.4.3': s.commonName = value; break;
        case '2.5.4.5': s.serialNumber = value; break;
        case '2.5.4.6': s.country.push(value); break;
        case '2.5.4.7': s.locality.push(value); break;
        case '2.5.4.8': s.province.push(value); break;
        case '2.5.4.9': s.streetAddress.push(value); break;
        case '2.5.4.10': s.organization.push(value); break;
        case '2.5.4.11': s.organizationalUnit.push(value); break;
        case '2.5.4.17': s.postalCode.push(value); break;
      }
    }
  if (attrs && attrs.tag === 0xa0)
    for (const attr of children(der, attrs)) {
      const [o, set] = children(der, attr);
      if (oid(der, o!) !== '1.2.840.113549.1.9.14') continue;
      for (const exts of children(der, set!))
        for (const ext of children(der, exts)) {
          const parts = children(der, ext);
          if (oid(der, parts[0]!) !== '2.5.29.17') continue;
          const octets = parts[parts.length - 1]!;
          const names = children(der, tlv(der, octets.start));
          for (const n of names) {
            const bytes = der.slice(n.start, n.end);
            if (n.tag === 0x81) out.emailAddresses.push(text(der, n));
            else if (n.tag === 0x82) out.dnsNames.push(text(der, n));
            else if (n.tag === 0x86) out.uris.push(text(der, n));
            else if (n.tag === 0x87) out.ipAddresses.push(ipString(bytes));
          }
        }
    }
  return out;
}

/** extractCSRStatus: Denied, else Approved, else Pending; then Failed and Issued. */
function csrStatus(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (csr.status?.certificate) s += ',Issued';
  return s;
}

export function describeCsr(csr: CertificateSigningRequest, cr: ParsedCsr, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const list = (prefix: string, name: string, values: string[]): void => {
    if (values.length === 0) return;
    w.write(0, `${prefix}${name}:\t`);
    w.write(0, values.join(`\n${prefix}\t`));
    w.write(0, '\n');
  };
  w.write(0, `Name:\t${csr.metadata?.name ?? ''}\n`);
  w.write(0, `Labels:\t${formatLabels(csr.metadata?.labels)}\n`);
  w.write(0, `Annotations:\t${formatLabels(csr.metadata?.annotations)}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(csr.metadata?.creationTimestamp ?? '')}\n`);
  w.write(0, `Requesting User:\t${csr.spec.username ?? ''}\n`);
  if (csr.spec.signerName) w.write(0, `Signer:\t${csr.spec.signerName}\n`);
  if (csr.spec.expirationSeconds !== undefined) w.write(0, `Requested Duration:\t${humanDuration(csr.spec.expirationSeconds * 1000)}\n`);
  w.write(0, `Status:\t${csrStatus(csr)}\n`);
  w.write(0, 'Subject:\n');
  w.write(0, `\tCommon Name:\t${cr.subject.commonName}\n`);
  w.write(0, `\tSerial Number:\t${cr.subject.serialNumber}\n`);
  list('\t', 'Organization', cr.subject.organization);
  list('\t', 'Organizational Unit', cr.subject.organizationalUnit);
  list('\t', 'Country', cr.subject.country);
  list('\t', 'Locality', cr.subject.locality);
  list('\t', 'Province', cr.subject.province);
  list('\t', 'StreetAddress', cr.subject.streetAddress);
  list('\t', 'PostalCode', cr.subject.postalCode);
  if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length > 0) {
    w.write(0, 'Subject Alternative Names:\n');
    list('\t', 'DNS Names', cr.dnsNames);
    list('\t', 'Email Addresses', cr.emailAddresses);
    list('\t', 'URIs', cr.uris);
    list('\t', 'IP Addresses', cr.ipAddresses);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

export const CERTIFICATES_DESCRIBERS: Record<string, Describer> = {
  'certificates.k8s.io/CertificateSigningRequest': (r) => {
    const csr = r.obj as unknown as CertificateSigningRequest;
    let cr: ParsedCsr;
    try {
      cr = parseCsr(String.fromCharCode(...decodeBase64(csr.spec.request ?? '')));
    } catch (e) {
      throw new Error(`Error parsing CSR: ${(e as Error).message}`);
    }
    return describeCsr(csr, cr, r.events(), r.nowMs);
  },
};
