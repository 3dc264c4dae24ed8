import { describe, expect, it } from 'vitest';
import { deriveInitval, IpSet, IpsetRegistry } from './ipset';
import { ipsetList } from './ipsetList';

describe('ipset list', () => {
  it('prints a hash:ip,port set with its header and its members in bucket order', () => {
    const reg = new IpsetRegistry();
    const set = reg.create('KUBE-CLUSTER-IP', 'hash:ip,port', { initval: 0x5d1b4b3e });
    set.references = 3;
    for (const e of ['10.101.44.9,tcp:80', '10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53']) set.add(e);
    // jhash2([le32(ip), port_be | proto << 16], 0x5d1b4b3e) & 1023 (checked against a C build of jhash2):
    // 10.101.44.9,tcp:80 → 421, 10.96.0.10,tcp:9153 → 617, udp:53 → 698, 10.96.0.1,tcp:443 → 717, tcp:53 → 739
    expect(ipsetList(reg).stdout).toBe(
      'Name: KUBE-CLUSTER-IP\n' +
        'Type: hash:ip,port\n' +
        'Revision: 7\n' +
        'Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x5d1b4b3e\n' +
        // 216 for the table structures + 5 buckets of 32 + 2 slots * 8 bytes
        'Size in memory: 456\n' +
        'References: 3\n' +
        'Number of entries: 5\n' +
        'Members:\n' +
        '10.101.44.9,tcp:80\n' +
        '10.96.0.10,tcp:9153\n' +
        '10.96.0.10,udp:53\n' +
        '10.96.0.1,tcp:443\n' +
        '10.96.0.10,tcp:53\n',
    );
  });

  it('separates sets with an empty line and lists bitmap ports in ascending order', () => {
    const reg = new IpsetRegistry();
    reg.create('KUBE-LOOP-BACK', 'hash:ip,port,ip', { initval: 1 });
    const np = reg.create('KUBE-NODE-PORT-TCP', 'bitmap:port', { range: '0-65535' });
    np.add('31080');
    np.add('30080');
    np.references = 1;
    expect(ipsetList(reg).stdout).toBe(
      'Name: KUBE-LOOP-BACK\nType: hash:ip,port,ip\nRevision: 6\n' +
        'Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x00000001\n' +
        'Size in memory: 200\nReferences: 0\nNumber of entries: 0\nMembers:\n' +
        '\n' +
        'Name: KUBE-NODE-PORT-TCP\nType: bitmap:port\nRevision: 3\nHeader: range 0-65535\n' +
        'Size in memory: 8268\nReferences: 1\nNumber of entries: 2\nMembers:\n30080\n31080\n',
    );
  });

  it('lists one set by name and fails like ipset for an unknown one', () => {
    const reg = new IpsetRegistry();
    reg.create('KUBE-IPVS-IPS', 'hash:ip', { initval: 7 }).add('10.96.0.1');
    expect(ipsetList(reg, 'KUBE-IPVS-IPS').stdout).toContain('Type: hash:ip\nRevision: 6\n');
    expect(ipsetList(reg, 'KUBE-IPVS-IPS').stdout.endsWith('Members:\n10.96.0.1\n')).toBe(true);
    expect(ipsetList(reg, 'NOPE')).toEqual({ stdout: '', stderr: 'ipset v7.17: The set with the given name does not exist\n', exitCode: 1 });
  });
});

describe('hash set storage', () => {
  /** Members of `set`'s type that all land in one bucket, found by scanning ports. */
  function colliding(set: IpSet, n: number): string[] {
    const want = set.bucket('10.96.0.10,tcp:1');
    const out = ['10.96.0.10,tcp:1'];
    for (let p = 2; out.length < n; p++) if (set.bucket(`10.96.0.10,tcp:${p}`) === want) out.push(`10.96.0.10,tcp:${p}`);
    return out;
  }

  it('keeps one bucket in insertion order, reuses the first deleted slot and grows by two slots', () => {
    const set = new IpSet('S', 'hash:ip,port', { initval: 42 });
    const [a, b, c, d] = colliding(set, 4);
    for (const e of [a!, b!, c!]) set.add(e);
    expect(set.members()).toEqual([a, b, c]);
    expect(set.memsize()).toBe(216 + 32 + 4 * 8); // the bucket grew from 2 slots to 4
    set.del(a!);
    set.add(d!);
    expect(set.members()).toEqual([d, b, c]);
  });

  it('shrinks a bucket with two free slots and frees an empty one', () => {
    const set = new IpSet('S', 'hash:ip,port', { initval: 42 });
    const [a, b, c] = colliding(set, 3);
    for (const e of [a!, b!, c!]) set.add(e);
    set.del(a!);
    set.del(b!);
    expect(set.members()).toEqual([c]);
    expect(set.memsize()).toBe(216 + 32 + 2 * 8);
    set.del(c!);
    expect(set.memsize()).toBe(216);
  });

  it('doubles the table when a bucket would hold more than bucketsize members', () => {
    const set = new IpSet('S', 'hash:ip,port', { initval: 42, hashsize: 4 });
    for (let p = 1; p <= 60; p++) set.add(`10.96.0.10,tcp:${p}`);
    expect(set.hashsize).toBeGreaterThan(4);
    expect(set.header()).toBe(`family inet hashsize ${set.hashsize} maxelem 65536 bucketsize 12 initval 0x0000002a`);
    expect(set.size).toBe(60);
  });

  it('refuses a duplicate unless -exist is given, as kube-proxy passes it', () => {
    const set = new IpSet('S', 'bitmap:port');
    set.add('30080');
    expect(set.add('30080', true)).toBe(false);
    expect(() => set.add('30080')).toThrow("Element cannot be added to the set: it's already added");
    expect(() => set.del('30081')).toThrow("Element cannot be deleted from the set: it's not added");
  });

  it('derives initval from where the set lives, so each node lists its own order', () => {
    expect(deriveInitval('worker-1', 'KUBE-CLUSTER-IP')).not.toBe(deriveInitval('worker-2', 'KUBE-CLUSTER-IP'));
    expect(deriveInitval('worker-1', 'KUBE-CLUSTER-IP')).toBe(deriveInitval('worker-1', 'KUBE-CLUSTER-IP'));
  });
});
