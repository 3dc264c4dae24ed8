import { describe, expect, it } from 'vitest';
import type { Ingress } from 'kubernetes-types/networking/v1';
import type { EndpointSlice, Secret, Service } from '../../types';
import { buildConfig, certificateFor, describeMatch, rewrite, route } from './router';
import type { Route, RouterWorld } from './router';
import { nginxErrorBody } from './pages';

type Path = { path: string; pathType?: string; service: string; port?: number };

function ingress(name: string, rules: { host?: string; paths: Path[] }[], extra: { created?: string; annotations?: Record<string, string>; tls?: { hosts: string[]; secretName?: string }[]; defaultBackend?: string } = {}): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default', creationTimestamp: extra.created ?? '2024-09-02T10:00:00Z', ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      ingressClassName: 'nginx',
      ...(extra.defaultBackend ? { defaultBackend: { service: { name: extra.defaultBackend, port: { number: 80 } } } } : {}),
      ...(extra.tls ? { tls: extra.tls } : {}),
      rules: rules.map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        http: { paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType ?? 'Prefix', backend: { service: { name: p.service, port: { number: p.port ?? 80 } } } })) },
      })),
    },
  };
}

const SERVICES = ['a', 'b', 'c', 'dflt', 'empty'];

function world(ingresses: Ingress[], secrets: string[] = [], caOnly: string[] = []): RouterWorld {
  const svc = (name: string): Service => ({ metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80, name: '' }] } });
  const slice = (name: string, ip: string): EndpointSlice => ({
    addressType: 'IPv4',
    metadata: { name: `${name}-x`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
    endpoints: name === 'empty' ? [] : [{ addresses: [ip], conditions: { ready: true } }],
    ports: [{ name: '', port: 8080, protocol: 'TCP' }],
  });
  const ips: Record<string, string> = { a: '10.244.1.2', b: '10.244.2.2', c: '10.244.3.2', dflt: '10.244.1.9', empty: '' };
  return {
    ingresses,
    service: (_ns, name) => (SERVICES.includes(name) ? svc(name) : undefined),
    slices: (_ns, name) => (SERVICES.includes(name) ? [slice(name, ips[name]!)] : []),
    secret: (_ns, name): Secret | undefined =>
      secrets.includes(name)
        ? { metadata: { name, namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } }
        : caOnly.includes(name)
          ? { metadata: { name, namespace: 'default' }, type: 'Opaque', data: { 'ca.crt': 'Y2E=' } }
          : undefined,
  };
}

/** Where a request goes: the endpoint (and URI) it is sent to, or what nginx answers itself. */
function where(ings: Ingress[], host: string, path: string, opts: { https?: boolean; secrets?: string[] } = {}): string {
  const w = world(ings, opts.secrets);
  const r: Route = route(buildConfig(w), w, { host, path, https: opts.https ?? false });
  if (r.kind === 'upstream') return `${r.upstream} ${r.endpoints.map((e) => `${e.ip}:${e.port}`).join(',')} ${r.uri}`;
  if (r.kind === 'redirect') return `308 ${r.location_}`;
  if (r.kind === 'unavailable') return `503 ${r.why}`;
  return '404';
}

describe('ingress-nginx routing', () => {
  const twoHosts = [ingress('web', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }, { host: 'b.example', paths: [{ path: '/', service: 'b' }] }])];

  it('routes by the Host header, without its port and in any case, to the endpoint pod IPs', () => {
    expect(where(twoHosts, 'a.example', '/')).toBe('default-a-80 10.244.1.2:8080 /');
    expect(where(twoHosts, 'B.Example:32080', '/x?q=1')).toBe('default-b-80 10.244.2.2:8080 /x?q=1');
  });

  it('sends a host no rule names to the default server, whose only location is the 404 default backend', () => {
    expect(where(twoHosts, 'c.example', '/')).toBe('404');
    expect(where(twoHosts, '192.168.1.11:32080', '/')).toBe('404');
  });

  it('matches *.wildcard hosts after exact names, the longest wildcard first, over any number of labels', () => {
    const ings = [ingress('w', [{ host: '*.example.com', paths: [{ path: '/', service: 'a' }] }, { host: '*.shop.example.com', paths: [{ path: '/', service: 'b' }] }, { host: 'www.shop.example.com', paths: [{ path: '/', service: 'c' }] }])];
    expect(where(ings, 'foo.example.com', '/')).toMatch(/^default-a-80 /);
    expect(where(ings, 'x.y.example.com', '/')).toMatch(/^default-a-80 /);
    expect(where(ings, 'cart.shop.example.com', '/')).toMatch(/^default-b-80 /);
    expect(where(ings, 'www.shop.example.com', '/')).toMatch(/^default-c-80 /);
    expect(where(ings, 'example.com', '/')).toBe('404');
  });

  it('keeps host-less rules on the default server only: a named host does not fall back to them', () => {
    const ings = [ingress('any', [{ paths: [{ path: '/', service: 'c' }] }]), ...twoHosts.map((i) => ({ ...i, spec: { ...i.spec, rules: i.spec!.rules!.slice(0, 1) } }))];
    expect(where(ings, 'whatever', '/x')).toMatch(/^default-c-80 /);
    expect(where(ings, 'a.example', '/x')).toMatch(/^default-a-80 /);
  });

  it('tells Exact, Prefix (element-wise) and ImplementationSpecific (a plain nginx prefix) apart', () => {
    const ings = [
      ingress('p', [
        {
          host: 'h',
          paths: [
            { path: '/exact', pathType: 'Exact', service: 'a' },
            { path: '/foo', pathType: 'Prefix', service: 'b' },
            { path: '/bar', pathType: 'ImplementationSpecific', service: 'c' },
          ],
        },
      ]),
    ];
    expect(where(ings, 'h', '/exact')).toMatch(/^default-a-80 /);
    expect(where(ings, 'h', '/exact/')).toBe('404');
    expect(where(ings, 'h', '/foo')).toMatch(/^default-b-80 /);
    expect(where(ings, 'h', '/foo/')).toMatch(/^default-b-80 /);
    expect(where(ings, 'h', '/foo/x')).toMatch(/^default-b-80 /);
    expect(where(ings, 'h', '/foobar')).toBe('404');
    expect(where(ings, 'h', '/bar')).toMatch(/^default-c-80 /);
    expect(where(ings, 'h', '/barn')).toMatch(/^default-c-80 /);
  });

  it('takes the longest matching path, and an Exact path before any prefix', () => {
    const ings = [ingress('l', [{ host: 'h', paths: [{ path: '/', service: 'a' }, { path: '/api', service: 'b' }, { path: '/api/v2', service: 'c' }, { path: '/api/v2/x', pathType: 'Exact', service: 'a' }] }])];
    expect(where(ings, 'h', '/api/v1')).toMatch(/^default-b-80 /);
    expect(where(ings, 'h', '/api/v2/users')).toMatch(/^default-c-80 /);
    expect(where(ings, 'h', '/api/v2/x')).toMatch(/^default-a-80 /);
    expect(where(ings, 'h', '/other')).toMatch(/^default-a-80 /);
  });

  it('gives a path two Ingresses claim to the older one', () => {
    const ings = [ingress('new', [{ host: 'h', paths: [{ path: '/', service: 'b' }] }], { created: '2024-09-02T10:05:00Z' }), ingress('old', [{ host: 'h', paths: [{ path: '/', service: 'a' }] }])];
    expect(where(ings, 'h', '/')).toMatch(/^default-a-80 /);
  });

  it('uses spec.defaultBackend for the hosts of its Ingress and, without rules, for the default server', () => {
    const withRules = [ingress('d', [{ host: 'h', paths: [{ path: '/api', service: 'a' }] }], { defaultBackend: 'dflt' })];
    expect(where(withRules, 'h', '/else')).toMatch(/^default-dflt-80 /);
    expect(where(withRules, 'other', '/')).toBe('404');
    const only = [ingress('d', [], { defaultBackend: 'dflt' })];
    expect(where(only, 'anything', '/x')).toMatch(/^default-dflt-80 /);
  });

  it('answers 503 for a Service without ready endpoints or that does not exist', () => {
    const ings = [ingress('e', [{ host: 'h', paths: [{ path: '/', service: 'empty' }, { path: '/gone', service: 'nosuch' }] }])];
    expect(where(ings, 'h', '/')).toBe('503 Service "default/empty" does not have any active Endpoint');
    expect(where(ings, 'h', '/gone')).toBe('503 Service "default/nosuch" does not exist');
  });

  it('rewrites with rewrite-target, every path of the host then being a case-insensitive regex', () => {
    const ings = [ingress('r', [{ host: 'h', paths: [{ path: '/app(/|$)(.*)', pathType: 'ImplementationSpecific', service: 'a' }] }], { annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' } })];
    expect(where(ings, 'h', '/app/users/1?x=2')).toBe('default-a-80 10.244.1.2:8080 /users/1?x=2');
    expect(where(ings, 'h', '/APP')).toBe('default-a-80 10.244.1.2:8080 /');
    expect(where(ings, 'h', '/application')).toBe('404');
    expect(rewrite('/something(/|$)(.*)', '/$2', '/something/new')).toBe('/new');
  });

  it('redirects plain HTTP to https with a 308 for a host listed in spec.tls, unless ssl-redirect is false', () => {
    const tls = { tls: [{ hosts: ['a.example'], secretName: 'a-tls' }] };
    const ings = [ingress('t', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }], tls)];
    expect(where(ings, 'a.example', '/x?y=1', { secrets: ['a-tls'] })).toBe('308 https://a.example/x?y=1');
    expect(where(ings, 'a.example', '/x', { secrets: ['a-tls'], https: true })).toMatch(/^default-a-80 /);
    // A missing Secret gives the server the fake certificate, which still counts as configured: redirected.
    expect(where(ings, 'a.example', '/x')).toBe('308 https://a.example/x');
    const off = [ingress('t', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }], { ...tls, annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } })];
    expect(where(off, 'a.example', '/x', { secrets: ['a-tls'] })).toMatch(/^default-a-80 /);
    const forced = [ingress('t', [{ host: 'b.example', paths: [{ path: '/', service: 'b' }] }], { annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } })];
    expect(where(forced, 'b.example', '/')).toBe('308 https://b.example');
    // A host without TLS is not redirected; nor is a host that only the catch-all server answers.
    expect(where(twoHosts, 'a.example', '/x')).toMatch(/^default-a-80 /);
    expect(where(ings, 'other.example', '/x', { secrets: ['a-tls'] })).toBe('404');
  });

  it('redirects a TLS host whose entry names no Secret, and a rule host no TLS entry lists, with the fake certificate', () => {
    const noName = [ingress('t', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }], { tls: [{ hosts: ['a.example'] }] })];
    expect(where(noName, 'a.example', '/')).toBe('308 https://a.example');
    const cfg = buildConfig(world(noName));
    expect(certificateFor(cfg, 'a.example')).toEqual({ kind: 'fake' });
    // An empty secretName is logged only at -v=3: nothing at the default verbosity.
    expect(cfg.warnings).toEqual([]);
    const unlisted = [ingress('t', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }, { host: 'b.example', paths: [{ path: '/', service: 'b' }] }], { tls: [{ hosts: ['b.example'], secretName: 'b-tls' }] })];
    const w = buildConfig(world(unlisted, ['b-tls']));
    expect(certificateFor(w, 'b.example')).toEqual({ kind: 'secret', name: 'default/b-tls' });
    expect(certificateFor(w, 'a.example')).toEqual({ kind: 'fake' });
    expect(where(unlisted, 'a.example', '/p', { secrets: ['b-tls'] })).toBe('308 https://a.example/p');
  });

  it('redirects every path of a TLS host, its default-backend root too, and drops one final slash unless preserve-trailing-slash', () => {
    const tls = { tls: [{ hosts: ['s.example'], secretName: 's-tls' }] };
    const ings = [ingress('t', [{ host: 's.example', paths: [{ path: '/api', service: 'a' }] }], tls)];
    expect(where(ings, 's.example', '/', { secrets: ['s-tls'] })).toBe('308 https://s.example');
    expect(where(ings, 's.example', '/api/', { secrets: ['s-tls'] })).toBe('308 https://s.example/api');
    expect(where(ings, 's.example', '/api//', { secrets: ['s-tls'] })).toBe('308 https://s.example/api/');
    expect(where(ings, 's.example', '/api/?q=/', { secrets: ['s-tls'] })).toBe('308 https://s.example/api/?q=');
    expect(where(ings, 's.example', '/other', { secrets: ['s-tls'] })).toBe('308 https://s.example/other');
    expect(where(ings, 's.example:8080', '/api', { secrets: ['s-tls'] })).toBe('308 https://s.example/api');
    const keep = [ingress('t', [{ host: 's.example', paths: [{ path: '/api', service: 'a' }] }], { ...tls, annotations: { 'nginx.ingress.kubernetes.io/preserve-trailing-slash': 'true' } })];
    expect(where(keep, 's.example', '/', { secrets: ['s-tls'] })).toBe('308 https://s.example/');
    expect(where(keep, 's.example', '/api/', { secrets: ['s-tls'] })).toBe('308 https://s.example/api/');
  });

  it("serves the TLS Secret's certificate for its hosts, else the controller's fake one (also with no server name)", () => {
    const ings = [ingress('t', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }, { host: 'b.example', paths: [{ path: '/', service: 'b' }] }], { tls: [{ hosts: ['a.example'], secretName: 'a-tls' }, { hosts: ['b.example'], secretName: 'missing' }] })];
    const config = buildConfig(world(ings, ['a-tls']));
    expect(certificateFor(config, 'a.example')).toEqual({ kind: 'secret', name: 'default/a-tls' });
    expect(certificateFor(config, 'b.example')).toEqual({ kind: 'fake' });
    expect(certificateFor(config, '')).toEqual({ kind: 'fake' });
    expect(config.warnings).toEqual(['Error getting SSL certificate "default/missing": local SSL certificate default/missing was not found. Using default certificate']);
    const ca = buildConfig(world([ingress('t', [{ host: 'c.example', paths: [{ path: '/', service: 'c' }] }], { tls: [{ hosts: ['c.example'], secretName: 'ca' }] })], [], ['ca']));
    expect(certificateFor(ca, 'c.example')).toEqual({ kind: 'fake' });
    expect(ca.warnings).toEqual(['SSL certificate "default/ca" does not contain a valid SSL certificate for server "c.example"', 'Using default certificate']);
  });

  it('keeps the certificate of the oldest Ingress that gives a host one', () => {
    const older = ingress('old', [{ host: 'a.example', paths: [{ path: '/', service: 'a' }] }], { created: '2024-09-02T09:00:00Z' });
    const newer = ingress('new', [{ host: 'a.example', paths: [{ path: '/b', service: 'b' }] }], { tls: [{ hosts: ['a.example'], secretName: 'a-tls' }] });
    const other = ingress('zzz', [{ host: 'a.example', paths: [{ path: '/c', service: 'c' }] }], { created: '2024-09-02T11:00:00Z', tls: [{ hosts: ['a.example'], secretName: 'gone' }] });
    const cfg = buildConfig(world([other, newer, older], ['a-tls']));
    expect(certificateFor(cfg, 'a.example')).toEqual({ kind: 'secret', name: 'default/a-tls' });
    expect(cfg.warnings).toEqual([]);
  });

  it('says which rule matched, for the trace', () => {
    const w = world(twoHosts);
    expect(describeMatch(route(buildConfig(w), w, { host: 'a.example', path: '/', https: false }))).toBe('Ingress default/web, host a.example, path / (Prefix)');
    expect(describeMatch(route(buildConfig(w), w, { host: 'x', path: '/', https: false }))).toBe("no rule matches (any host): the controller's default backend");
  });

  it("writes nginx's own error pages byte for byte", () => {
    expect(nginxErrorBody(404)).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
    expect(nginxErrorBody(404).length).toBe(146);
    expect(nginxErrorBody(308).length).toBe(164);
    expect(nginxErrorBody(503)).toContain('<title>503 Service Temporarily Unavailable</title>');
  });
});
