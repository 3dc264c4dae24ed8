import { describe, expect, it } from 'vitest';
import { httpAppFor } from './httpapps';
import type { HttpRequest } from '../network/traffic/socket';

const facts = { hostname: 'web-7c5d8f9b4-x2x9k', podIP: '10.244.1.5', nowWallMs: () => Date.UTC(2024, 8, 2, 10, 0, 1) };
const req = (path = '/', method = 'GET', close = false): HttpRequest => ({ method, path, host: 'web', headers: [['Host', 'web'], ...(close ? [['Connection', 'close'] as const] : [])], clientIP: '10.244.1.2', localIP: '10.244.1.5', localPort: 80 });
const serve = (image: string, r: HttpRequest, args?: string[]) => {
  const app = httpAppFor(image, { ...facts, ...(args ? { args } : {}) });
  if (app?.kind !== 'http') throw new Error('no http app');
  return app.serve(r);
};

describe('HTTP answers per image', () => {
  it("nginx: the welcome page with nginx's headers, and its 404 page", () => {
    const r = serve('nginx:1.27.1', req('/', 'GET', true));
    expect(r.status).toBe(200);
    expect(r.headers).toEqual([['Server', 'nginx/1.27.1'], ['Date', 'Mon, 02 Sep 2024 10:00:01 GMT'], ['Content-Type', 'text/html'], ['Content-Length', '615'], ['Last-Modified', 'Mon, 12 Aug 2024 14:21:01 GMT'], ['Connection', 'close'], ['ETag', '"66ba1a4d-267"'], ['Accept-Ranges', 'bytes']]);
    expect(r.body.startsWith('<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>')).toBe(true);
    const nf = serve('nginx', req('/nope'));
    expect(nf).toEqual({ status: 404, reason: 'Not Found', headers: [['Server', 'nginx/1.27.1'], ['Date', 'Mon, 02 Sep 2024 10:00:01 GMT'], ['Content-Type', 'text/html'], ['Content-Length', '153'], ['Connection', 'keep-alive']], body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.1</center>\r\n</body>\r\n</html>\r\n' });
    expect(serve('nginx', req('/', 'HEAD')).body).toBe('');
  });

  it('httpd: It works!', () => {
    expect(serve('httpd:2.4', req())).toEqual({ status: 200, reason: 'OK', headers: [['Date', 'Mon, 02 Sep 2024 10:00:01 GMT'], ['Server', 'Apache/2.4.62 (Unix)'], ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', '45'], ['Content-Type', 'text/html']], body: '<html><body><h1>It works!</h1></body></html>\n' });
    expect(serve('httpd', req('/x')).headers.find(([k]) => k === 'Content-Length')).toEqual(['Content-Length', '196']);
  });

  it('hello-app and http-echo say which pod answered', () => {
    expect(serve('gcr.io/google-samples/hello-app:1.0', req('/anything'))).toEqual({ status: 200, reason: 'OK', headers: [['Date', 'Mon, 02 Sep 2024 10:00:01 GMT'], ['Content-Length', '59'], ['Content-Type', 'text/plain; charset=utf-8']], body: 'Hello, world!\nVersion: 1.0.0\nHostname: web-7c5d8f9b4-x2x9k\n' });
    expect(serve('gcr.io/google-samples/hello-app:2.0', req()).body).toBe('Hello, world!\nVersion: 2.0.0\nHostname: web-7c5d8f9b4-x2x9k\n');
    expect(serve('hashicorp/http-echo', req('/', 'GET', true), ['-text=hello from blue'])).toEqual({ status: 200, reason: 'OK', headers: [['X-App-Name', 'http-echo'], ['X-App-Version', '1.0.0'], ['Date', 'Mon, 02 Sep 2024 10:00:01 GMT'], ['Content-Length', '16'], ['Content-Type', 'text/plain; charset=utf-8'], ['Connection', 'close']], body: 'hello from blue\n' });
    expect(httpAppFor('redis', facts)).toBeUndefined();
  });
});
