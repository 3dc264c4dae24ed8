import { describe, expect, it } from 'vitest';
import type { Exchange, ResolverLibrary, ResolverReply } from './resolver';
import { candidateTimeoutMs, lookupHost, readResolvConf } from './resolver';

const SHOP = 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';

/** A CoreDNS stand-in: names it knows, namespaces as empty non-terminals, the rest NXDOMAIN or silent. */
function coredns(extra: Record<string, ResolverReply | 'timeout'> = {}): Exchange {
  const a: Record<string, string[]> = { 'web.default.svc.cluster.local.': ['10.96.12.34'], 'web.shop.svc.cluster.local.': ['10.96.40.2'] };
  const emptyNonTerminals = new Set(['shop.svc.cluster.local.', 'default.svc.cluster.local.', 'svc.cluster.local.', 'cluster.local.']);
  return (name, type) => {
    const special = extra[`${name} ${type}`] ?? extra[name];
    if (special) return special === 'timeout' ? undefined : special;
    if (!name.endsWith('.cluster.local.') && name !== 'cluster.local.') return undefined; // forwarded upstream: never answers
    if (a[name]) return { rcode: 'NOERROR', addresses: type === 'A' ? a[name]! : [] };
    if (emptyNonTerminals.has(name)) return { rcode: 'NOERROR', addresses: [] };
    return { rcode: 'NXDOMAIN', addresses: [] };
  };
}

function trace(name: string, lib: ResolverLibrary, exchange = coredns(), conf = SHOP): string[] {
  const r = lookupHost(name, readResolvConf(conf, lib), lib, exchange);
  const asked = r.queries.filter((x) => x.type === 'A').map((x) => x.name);
  return [...asked, r.error ?? `=> ${r.name} ${r.addresses.join(',')}`];
}

describe('resolver search list', () => {
  it('reads resolv.conf: the last search line wins, ndots capped at 15, defaults ndots:1 timeout:5 attempts:2', () => {
    expect(readResolvConf('search a.example\nsearch b.example c.example\nnameserver 1.1.1.1\noptions ndots:20 attempts:3\n', 'glibc')).toEqual({
      nameservers: ['1.1.1.1'],
      search: ['b.example', 'c.example'],
      ndots: 15,
      timeout: 5,
      attempts: 3,
    });
    expect(readResolvConf('nameserver 1.1.1.1\n', 'musl')).toMatchObject({ ndots: 1, timeout: 5, attempts: 2, search: [] });
  });

  it('musl skips a search line too long for its 256-byte line buffer', () => {
    const long = `search ${Array.from({ length: 30 }, (_, i) => `domain${i}.example`).join(' ')}\n`;
    expect(readResolvConf(`search keep.example\n${long}`, 'musl').search).toEqual(['keep.example']);
    expect(readResolvConf(`search keep.example\n${long}`, 'glibc').search).toHaveLength(30);
  });

  it('sends an A and an AAAA query for every candidate', () => {
    const r = lookupHost('web', readResolvConf(SHOP, 'glibc'), 'glibc', coredns());
    expect(r.queries).toEqual([
      { name: 'web.shop.svc.cluster.local.', type: 'A' },
      { name: 'web.shop.svc.cluster.local.', type: 'AAAA' },
    ]);
    expect(r).toMatchObject({ name: 'web.shop.svc.cluster.local.', addresses: ['10.96.40.2'] });
  });

  for (const lib of ['glibc', 'musl'] as const) {
    it(`${lib}: a short name tries the pod namespace first, and stops at the first answer`, () => {
      expect(trace('web.default', lib)).toEqual(['web.default.shop.svc.cluster.local.', 'web.default.svc.cluster.local.', '=> web.default.svc.cluster.local. 10.96.12.34']);
    });

    it(`${lib}: a name with a trailing dot is asked once, as is`, () => {
      expect(trace('web.default.svc.cluster.local.', lib)).toEqual(['web.default.svc.cluster.local.', '=> web.default.svc.cluster.local. 10.96.12.34']);
    });

    it(`${lib}: a name outside the cluster walks the whole search list before it is asked as is`, () => {
      expect(trace('example.com', lib)).toEqual([
        'example.com.shop.svc.cluster.local.',
        'example.com.svc.cluster.local.',
        'example.com.cluster.local.',
        'example.com.',
        'EAI_AGAIN',
      ]);
    });
  }

  it('glibc keeps searching past NODATA; musl stops there', () => {
    // `default.svc.cluster.local` is a namespace: it exists but has no address. glibc reports the
    // NODATA it saw rather than the final timeout.
    expect(trace('default', 'glibc')).toEqual(['default.shop.svc.cluster.local.', 'default.svc.cluster.local.', 'default.cluster.local.', 'default.', 'EAI_NODATA']);
    expect(trace('default', 'musl')).toEqual(['default.shop.svc.cluster.local.', 'default.svc.cluster.local.', 'EAI_NODATA']);
  });

  it('glibc asks a name with ndots dots as is first and then searches; musl never searches it', () => {
    expect(trace('a.b.c.d.e.f', 'glibc')).toEqual(['a.b.c.d.e.f.', 'a.b.c.d.e.f.shop.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.', 'EAI_AGAIN']);
    expect(trace('a.b.c.d.e.f', 'musl')).toEqual(['a.b.c.d.e.f.', 'EAI_AGAIN']);
  });

  it('glibc moves past a SERVFAIL to the next domain; musl gives up on it', () => {
    const ex = coredns({ 'web.shop.svc.cluster.local.': { rcode: 'SERVFAIL', addresses: [] } });
    expect(trace('web.default', 'glibc', coredns({ 'web.default.shop.svc.cluster.local.': { rcode: 'SERVFAIL', addresses: [] } }))).toEqual([
      'web.default.shop.svc.cluster.local.',
      'web.default.svc.cluster.local.',
      '=> web.default.svc.cluster.local. 10.96.12.34',
    ]);
    expect(trace('web', 'musl', ex)).toEqual(['web.shop.svc.cluster.local.', 'EAI_AGAIN']);
  });

  it('glibc abandons the search list when a query times out, but still asks the name as is', () => {
    const ex = coredns({ 'web.shop.svc.cluster.local.': 'timeout' });
    expect(trace('web', 'glibc', ex)).toEqual(['web.shop.svc.cluster.local.', 'web.', 'EAI_AGAIN']);
    expect(trace('web', 'musl', ex)).toEqual(['web.shop.svc.cluster.local.', 'EAI_AGAIN']);
  });

  it('times out a candidate after attempts × timeout on glibc, after one timeout on musl', () => {
    expect(candidateTimeoutMs(readResolvConf(SHOP, 'glibc'), 'glibc')).toBe(10000);
    expect(candidateTimeoutMs(readResolvConf(SHOP, 'musl'), 'musl')).toBe(5000);
  });
});
