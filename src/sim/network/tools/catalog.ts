/**
 * Which network programs each image has on its PATH, and which implementation: an exec of a program
 * the image lacks fails as containerd reports it, and one it has runs the right variant (busybox's
 * applet, iputils' ping, curl of the image's version, …).
 *
 * - busybox 1.36.1 (glibc) and alpine 3.20 (musl busybox): the busybox applets; no curl, no dig.
 * - curlimages/curl: alpine with curl 8.11 added (it runs as curl_user, uid 100).
 * - nicolaka/netshoot: curl, bind's dig and nslookup, tcpdump, iptables, iproute2's ip and ss,
 *   iputils' ping, netcat-openbsd, net-tools, and alpine's busybox for the rest.
 * - nginx (Debian bookworm): curl 7.88.1 (the Dockerfile installs it with gettext-base) and hostname;
 *   no ping, ip, nslookup, wget or nc.
 * - httpd, ubuntu, debian: hostname only. python and node (buildpack-deps): curl 7.88.1 and GNU wget.
 * Variants marked unmodelled are on the PATH but have no model here yet (the caller says so rather
 * than printing another tool's format).
 */
import { parseImageRef } from '../../node/images';
import type { ResolverLibrary } from '../dns/resolver';
import type { BusyboxBuild } from './busybox';
import { ALPINE_BUILD, BUSYBOX_IMAGE_BUILD } from './busybox';
import type { CurlBuild } from './curl';
import { CURLIMAGES_CURL, DEBIAN_BOOKWORM_CURL, NETSHOOT_CURL } from './curl';

export type ToolVariant =
  | 'busybox'
  | 'curl'
  | 'iputils'
  | 'iproute2'
  | 'bind'
  | 'tcpdump'
  | 'hostname'
  /** present, but not modelled */
  | 'unmodelled';

export interface ImageNetTools {
  /** program name → which implementation answers it */
  tools: Readonly<Record<string, ToolVariant>>;
  libc: ResolverLibrary;
  busybox?: BusyboxBuild;
  curl?: CurlBuild;
  /** BIND version for dig */
  bind?: string;
}

const BUSYBOX_APPLETS = ['wget', 'nc', 'ping', 'ip', 'route', 'netstat', 'ifconfig', 'hostname', 'nslookup'] as const;
const BUSYBOX_UNMODELLED = ['ping6', 'traceroute', 'traceroute6', 'telnet', 'arp', 'arping', 'ipcalc', 'ether-wake'];

const busyboxTools = (): Record<string, ToolVariant> => ({
  ...Object.fromEntries(BUSYBOX_APPLETS.map((a) => [a, 'busybox' as const])),
  ...Object.fromEntries(BUSYBOX_UNMODELLED.map((a) => [a, 'unmodelled' as const])),
});

const DEBIAN_BASE: ImageNetTools = { tools: { hostname: 'hostname' }, libc: 'glibc' };

const CATALOG: Record<string, ImageNetTools> = {
  'docker.io/library/busybox': { tools: busyboxTools(), libc: 'glibc', busybox: BUSYBOX_IMAGE_BUILD },
  'registry.k8s.io/busybox': { tools: busyboxTools(), libc: 'glibc', busybox: BUSYBOX_IMAGE_BUILD },
  'registry.k8s.io/e2e-test-images/busybox': { tools: busyboxTools(), libc: 'glibc', busybox: BUSYBOX_IMAGE_BUILD },
  'docker.io/library/alpine': { tools: busyboxTools(), libc: 'musl', busybox: ALPINE_BUILD },
  'docker.io/curlimages/curl': { tools: { ...busyboxTools(), curl: 'curl' }, libc: 'musl', busybox: ALPINE_BUILD, curl: CURLIMAGES_CURL },
  'docker.io/nicolaka/netshoot': {
    tools: {
      ...busyboxTools(),
      curl: 'curl',
      dig: 'bind',
      nslookup: 'unmodelled',
      host: 'unmodelled',
      tcpdump: 'tcpdump',
      ip: 'iproute2',
      ping: 'iputils',
      nc: 'unmodelled',
      netstat: 'unmodelled',
      ifconfig: 'unmodelled',
      route: 'unmodelled',
      ss: 'unmodelled',
      iptables: 'unmodelled',
      'iptables-save': 'unmodelled',
      ipvsadm: 'unmodelled',
      conntrack: 'unmodelled',
      traceroute: 'unmodelled',
      mtr: 'unmodelled',
      nmap: 'unmodelled',
      socat: 'unmodelled',
      iperf3: 'unmodelled',
    },
    libc: 'musl',
    busybox: ALPINE_BUILD,
    curl: NETSHOOT_CURL,
    bind: '9.18.27',
  },
  'docker.io/library/nginx': { tools: { hostname: 'hostname', curl: 'curl' }, libc: 'glibc', curl: DEBIAN_BOOKWORM_CURL },
  'docker.io/library/httpd': DEBIAN_BASE,
  'docker.io/library/debian': DEBIAN_BASE,
  'docker.io/library/ubuntu': DEBIAN_BASE,
  'docker.io/library/python': { tools: { hostname: 'hostname', curl: 'curl', wget: 'unmodelled' }, libc: 'glibc', curl: DEBIAN_BOOKWORM_CURL },
  'docker.io/library/node': { tools: { hostname: 'hostname', curl: 'curl', wget: 'unmodelled' }, libc: 'glibc', curl: DEBIAN_BOOKWORM_CURL },
};

/** An image the catalog does not know: a distroless-like application image with no network tools. */
const UNKNOWN: ImageNetTools = { tools: {}, libc: 'glibc' };

export function networkToolsOf(image: string): ImageNetTools {
  return CATALOG[parseImageRef(image).repo] ?? UNKNOWN;
}

/** containerd's answer to an exec of a program the image does not have (kubectl exec exits 126). */
export function execNotFound(program: string): { stdout: string; stderr: string; exitCode: number } {
  return { stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`, exitCode: 126 };
}
