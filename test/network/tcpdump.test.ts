/**
 * tcpdump on a node, as a learner runs it next to a request: started before the request, it prints
 * what crossed the chosen interface from that moment, in tcpdump 4.99's format.
 */
import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
actions:
  - at: 0s
    apply: |
      apiVersion: v1
      kind: Pod
      metadata: {name: web, labels: {app: web}}
      spec:
        nodeName: worker-2
        containers: [{name: nginx, image: "nginx:1.27"}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {clusterIP: 10.96.100.80, selector: {app: web}, ports: [{port: 80}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: client}
      spec:
        nodeName: worker-1
        containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]
`;

describe('tcpdump on a node', () => {
  it("shows the client's request leaving worker-1 inside VXLAN, after kube-proxy's DNAT, and only from the moment it started", () => {
    const r = kubetab(['run', 's.yaml', '--until', '30s', '--ssh', 'worker-1 tcpdump -i eth0 -nn -c 2 tcp', '--exec', 'exec client -- wget -qO /dev/null 10.96.100.80'], { 's.yaml': SCENARIO });
    const out = r.stdout.split('==> ')[1]!;
    const lines = out.split('\n');
    expect(lines[0]).toBe('ssh worker-1 tcpdump -i eth0 -nn -c 2 tcp');
    expect(lines[1]).toMatch(/^10:00:30\.\d{6} IP 192\.168\.1\.11\.\d+ > 192\.168\.1\.12\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance 1$/);
    expect(lines[2]).toMatch(/^IP 10\.244\.1\.\d+\.\d+ > 10\.244\.2\.\d+\.80: Flags \[S\], seq \d+, win 64240, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 7\], length 0$/);
    expect(lines[3]).toMatch(/^10:00:30\.\d{6} IP 192\.168\.1\.12\.\d+ > 192\.168\.1\.11\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance 1$/);
    expect(lines[4]).toMatch(/^IP 10\.244\.2\.\d+\.80 > 10\.244\.1\.\d+\.\d+: Flags \[S\.\], seq \d+, ack \d+, win 65160, options \[mss 1460,sackOK,TS val \d+ ecr \d+,nop,wscale 7\], length 0$/);
    expect(r.stderr).toContain('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n2 packets captured\n');
  });

  it('sees nothing of what happened before it started, and refuses an interface the node does not have', () => {
    const r = kubetab(['run', 's.yaml', '--until', '30s', '--exec', 'exec client -- wget -qO /dev/null 10.96.100.80', '--ssh', 'worker-1 tcpdump -i any -nn', '--ssh', 'worker-1 tcpdump -i eth9'], { 's.yaml': SCENARIO });
    expect(r.stdout.split('==> ').slice(2)).toEqual(['ssh worker-1 tcpdump -i any -nn\n', 'ssh worker-1 tcpdump -i eth9\n']);
    expect(r.stderr).toContain('listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n0 packets captured\n');
    expect(r.stderr).toContain('tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n');
  });
});
