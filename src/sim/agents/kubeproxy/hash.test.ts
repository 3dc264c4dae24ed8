import { describe, expect, it } from 'vitest';
import { endpointChainName, portProtoHash } from './hash';

describe('chain-name hashes', () => {
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
