import { describe, expect, it } from 'vitest';
import { base32Prefix, endpointChainName, portProtoHash, sha256 } from './hash';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('chain-name hashes', () => {
  it('computes SHA-256 (FIPS 180-2 test vectors, including a two-block message)', () => {
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('encodes base32 with the standard alphabet (RFC 4648 vectors)', () => {
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(base32Prefix(bytes('foobar'), 10)).toBe('MZXW6YTBOI');
    expect(base32Prefix(bytes('fooba'), 8)).toBe('MZXW6YTB');
  });

  it.each([
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
    ['default/nginx', 'tcp', '2CMXP7HKUVJN7L6M'],
    ['ns1/svc1:p80', 'tcp', 'XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'tcp', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'tcp', 'X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', 'tcp', '4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'tcp', 'NUKIZ6OKUXPJNT4C'],
    ['default/hostnames:http', 'tcp', 'AC2ON6IKLZPGXVMV'],
  ])('hashes %s/%s as kube-proxy does: %s', (name, proto, hash) => {
    expect(portProtoHash(name, proto)).toBe(hash);
  });

  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns2/svc2:p80', '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ'],
    ['ns3/svc3:p80', '10.180.0.3:80', 'KUBE-SEP-OYPFS5VJICHGATKP'],
    ['ns4/svc4:p80', '10.180.0.4:80', 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
    ['ns4/svc4:p80', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
    ['ns5/svc5:p80', '10.180.0.3:80', 'KUBE-SEP-I77PXRDZVX7PMWMN'],
    ['default/hostnames:http', '192.168.1.231:8080', 'KUBE-SEP-C4L6HVXWO3MK3KPG'],
  ])('names the endpoint chain of %s → %s %s', (name, ep, chain) => {
    expect(endpointChainName(name, 'tcp', ep)).toBe(chain);
  });
});
