import { describe, expect, it } from 'vitest';
import { fixture } from './testutil';

// A request made with: openssl req -new -newkey rsa:1024 -nodes -subj "/CN=jane/O=dev/O=ops"
//   -addext "subjectAltName=DNS:jane.example.com,DNS:j.example.com,IP:10.0.0.7,email:jane@example.com,URI:spiffe://example.com/jane"
const REQUEST = [
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQjJ6Q0NBVVFDQVFBd0t6RU5NQXNHQTFVRUF3d0VhbUZ1WlRF',
  'TU1Bb0dBMVVFQ2d3RFpHVjJNUXd3Q2dZRApWUVFLREFOdmNITXdnWjh3RFFZSktvWklodmNOQVFFQkJRQURnWTBBTUlHSkFvR0JB',
  'TG9adjJ0TEF0c0o2S01TCkJXdUFjQ3FGUE96dnpqb1lCcXk5NWN4L2lCUXYwekVvRnlUb0taMGJWbnR4eUE5eDBYMHRCQ2NFV1Nq',
  'N1YwUFYKaDM1WlJrOVhPTEQ1M05uV0EwcUhJRDNTS0ptSm5zQlprbjA4UExLOGdwWDN6cXhZdStEcnYyckJieTJBaEQ1eAp3NkNr',
  'Z2g0NkFYUy85VGh1K245cm8xSXpyMW1MQWdNQkFBR2djREJ1QmdrcWhraUc5dzBCQ1E0eFlUQmZNRjBHCkExVWRFUVJXTUZTQ0VH',
  'cGhibVV1WlhoaGJYQnNaUzVqYjIyQ0RXb3VaWGhoYlhCc1pTNWpiMjJIQkFvQUFBZUIKRUdwaGJtVkFaWGhoYlhCc1pTNWpiMjJH',
  'R1hOd2FXWm1aVG92TDJWNFlXMXdiR1V1WTI5dEwycGhibVV3RFFZSgpLb1pJaHZjTkFRRUxCUUFEZ1lFQWRPQkEwNTlxRWZhdTBV',
  'L29jN2lydUZsSnBZcEFTSUFMcmlwNEFWUHY3dWliCjJNWjJ4cjkvNWNiaXNURzhhemhCVUlpcmNFNWlLRUQwMlAzcjFIZnlMd1kr',
  'Yy9GNkZzWHF5cEc4MkdJUE4xV1oKWk11WjVsLzhTdlBEMmN6SWl1NW5WWXpmOHpSOTRsT1VBWTdST0tzSmN4YnBrcjI4QmZwMk85',
  'Ym9tNWoxd09VPQotLS0tLUVORCBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K',
].join('');

describe('kubectl describe certificatesigningrequest', () => {
  it('decodes the request: the subject, its organizations and every kind of alternative name', () => {
    const f = fixture();
    f.create('certificatesigningrequests', { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'jane' }, spec: { request: REQUEST, signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400, usages: ['client auth'] } });
    expect(f.k('describe csr jane')).toBe(
      [
        'Name:                jane',
        'Labels:              <none>',
        'Annotations:         <none>',
        'CreationTimestamp:   Mon, 02 Sep 2024 10:00:00 +0000',
        'Requesting User:     ',
        'Signer:              kubernetes.io/kube-apiserver-client',
        'Requested Duration:  24h',
        'Status:              Pending',
        'Subject:',
        '  Common Name:    jane',
        '  Serial Number:  ',
        '  Organization:   dev',
        '                  ops',
        'Subject Alternative Names:',
        '         DNS Names:        jane.example.com',
        '                           j.example.com',
        '         Email Addresses:  jane@example.com',
        '         URIs:             spiffe://example.com/jane',
        '         IP Addresses:     10.0.0.7',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });

  it('fails as kubectl does when the request is not a PEM certificate request', () => {
    const f = fixture();
    f.create('certificatesigningrequests', { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'bad' }, spec: { request: 'aGVsbG8=', signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } });
    expect(f.k('describe csr bad')).toBe('error: Error parsing CSR: PEM block type must be CERTIFICATE REQUEST\n');
  });
});
