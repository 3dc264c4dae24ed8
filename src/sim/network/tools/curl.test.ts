import { describe, expect, it } from 'vitest';
import { curl, CURLIMAGES_CURL, DEBIAN_BOOKWORM_CURL, UBUNTU_2404_CURL } from './curl';
import { fakeHost, nginxPeer } from './fakehost';

const host = fakeHost({
  names: { web: ['10.96.12.3'] },
  peers: {
    '10.96.12.3:80': nginxPeer('hello\n'),
    '10.96.0.8:80': { kind: 'fail', error: 'ETIMEDOUT' },
    '10.96.0.7:80': { kind: 'http', response: { status: 404, reason: 'Not Found', headers: [['Content-Length', '4']], body: 'nope' } },
  },
});
const HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
const HEADERS = ['Server: nginx/1.27.1', 'Date: Mon, 02 Sep 2024 10:00:01 GMT', 'Content-Type: text/html', 'Content-Length: 6', 'Last-Modified: Mon, 12 Aug 2024 14:21:01 GMT', 'Connection: close', 'ETag: "66ba1a4d-267"', 'Accept-Ranges: bytes'];

describe('curl', () => {
  it('prints the body, and the progress meter on stderr when nothing is a terminal', () => {
    expect(curl(['http://web'], host, CURLIMAGES_CURL)).toEqual({
      stdout: 'hello\n',
      stderr: `${HEAD}${ZERO}\r100     6  100     6    0     0   1500      0 --:--:-- --:--:-- --:--:--  1500\n`,
      exitCode: 0,
      durationMs: 4,
    });
    expect(curl(['web'], host, CURLIMAGES_CURL, { stdoutIsTty: true }).stderr).toBe('');
    expect(curl(['-s', 'web'], host, CURLIMAGES_CURL).stderr).toBe('');
  });

  it('-v traces resolution, connection, request and response', () => {
    expect(curl(['-sv', 'web'], host, CURLIMAGES_CURL).stderr).toBe(
      '* Host web:80 was resolved.\n* IPv6: (none)\n* IPv4: 10.96.12.3\n*   Trying 10.96.12.3:80...\n* Connected to web (10.96.12.3) port 80\n' +
        '> GET / HTTP/1.1\r\n> Host: web\r\n> User-Agent: curl/8.11.1\r\n> Accept: */*\r\n> \r\n* Request completely sent off\n' +
        `< HTTP/1.1 200 OK\r\n${HEADERS.map((h) => `< ${h}\r\n`).join('')}< \r\n* Connection #0 to host web left intact\n`,
    );
    // 8.5.0 does not list the resolved addresses yet; 7.88 numbers the connection.
    expect(curl(['-sv', 'web'], host, UBUNTU_2404_CURL).stderr.startsWith('*   Trying 10.96.12.3:80...\n* Connected to web (10.96.12.3) port 80\n')).toBe(true);
    expect(curl(['-sv', 'web'], host, DEBIAN_BOOKWORM_CURL).stderr).toContain('* Connected to web (10.96.12.3) port 80 (#0)\n> GET / HTTP/1.1\r\n> Host: web\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK');
  });

  it('-I and -i put the response head on stdout with CRLF line ends', () => {
    const head = `HTTP/1.1 200 OK\r\n${HEADERS.map((h) => `${h}\r\n`).join('')}\r\n`;
    expect(curl(['-sI', 'web'], host, CURLIMAGES_CURL).stdout).toBe(head);
    expect(curl(['-si', 'web'], host, CURLIMAGES_CURL).stdout).toBe(`${head}hello\n`);
  });

  it('-o writes the file, -w prints the status code', () => {
    expect(curl(['-s', '-o', '/dev/null', '-w', '%{http_code}\\n', 'web'], host, CURLIMAGES_CURL)).toEqual({ stdout: '200\n', stderr: '', exitCode: 0, durationMs: 4 });
    expect(curl(['-so', 'page.html', 'web'], host, CURLIMAGES_CURL).writes).toEqual([{ path: 'page.html', content: 'hello\n' }]);
    expect(curl(['-s', '-w', '%{http_code}', '10.96.0.7'], host, CURLIMAGES_CURL)).toMatchObject({ stdout: 'nope404', exitCode: 0 });
    expect(curl(['-sf', '10.96.0.7'], host, CURLIMAGES_CURL)).toMatchObject({ stdout: '', stderr: '', exitCode: 22 });
    expect(curl(['-sSf', '10.96.0.7'], host, CURLIMAGES_CURL)).toMatchObject({ stderr: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 });
  });

  it('fails with the 8.x messages and exit codes', () => {
    expect(curl(['10.96.0.5'], host, CURLIMAGES_CURL)).toEqual({ stdout: '', stderr: `${HEAD}${ZERO}curl: (7) Failed to connect to 10.96.0.5 port 80 after 1 ms: Couldn't connect to server\n`, exitCode: 7, durationMs: 1 });
    expect(curl(['-sS', 'foo'], host, CURLIMAGES_CURL)).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: foo\n', exitCode: 6, durationMs: 3 });
    expect(curl(['-s', 'foo'], host, CURLIMAGES_CURL)).toMatchObject({ stderr: '', exitCode: 6 });
    expect(curl(['-sS', '--connect-timeout', '2', '10.96.0.8'], host, CURLIMAGES_CURL)).toEqual({ stdout: '', stderr: 'curl: (28) Failed to connect to 10.96.0.8 port 80 after 2000 ms: Timeout was reached\n', exitCode: 28, durationMs: 2000 });
    expect(curl(['-sS', '-m', '3', '10.96.0.8'], host, CURLIMAGES_CURL)).toMatchObject({ stderr: 'curl: (28) Connection timed out after 3000 milliseconds\n', exitCode: 28 });
    expect(curl(['-s', '-w', '%{http_code}', '--connect-timeout', '2', '10.96.0.8'], host, CURLIMAGES_CURL)).toMatchObject({ stdout: '000', exitCode: 28 });
  });

  it("7.88 (nginx's Debian image) still words a refusal with strerror", () => {
    expect(curl(['-sS', '10.96.0.5'], host, DEBIAN_BOOKWORM_CURL).stderr).toBe('curl: (7) Failed to connect to 10.96.0.5 port 80 after 1 ms: Connection refused\n');
  });

  it('rejects bad options as curl does', () => {
    expect(curl(['--nope', 'web'], host, CURLIMAGES_CURL)).toEqual({ stdout: '', stderr: "curl: option --nope: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2, durationMs: 0 });
    expect(curl(['-m', 'x', 'web'], host, CURLIMAGES_CURL)).toMatchObject({ stderr: "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2 });
  });

  it('-H Host replaces the Host it makes from the URL (the server sees that one), and --resolve pins a name to an address', () => {
    const seen: string[] = [];
    const echo = fakeHost({ peers: { '192.168.1.11:32080': { kind: 'http', response: { status: 200, reason: 'OK', headers: [['Content-Length', '3']], body: 'ok\n' } } } });
    const spy = { ...echo, http: (ip: string, port: number, req: Parameters<typeof echo.http>[2], opts: Parameters<typeof echo.http>[3]) => (seen.push(`${req.host} ${req.headers.filter(([k]) => k === 'Host').map(([, v]) => v).join(',')}`), echo.http(ip, port, req, opts)) };
    const r = curl(['-sv', '-H', 'Host: a.example', 'http://192.168.1.11:32080/'], spy, UBUNTU_2404_CURL);
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).toContain('> GET / HTTP/1.1\r\n> Host: a.example\r\n> User-Agent: curl/8.5.0\r\n> Accept: */*\r\n> \r\n');
    expect(seen).toEqual(['a.example a.example']);
    const pinned = curl(['-sv', '--resolve', 'a.example:32080:192.168.1.11', 'http://a.example:32080/'], spy, UBUNTU_2404_CURL);
    expect(pinned.stdout).toBe('ok\n');
    expect(pinned.stderr.startsWith('* Added a.example:32080:192.168.1.11 to DNS cache\n* Hostname a.example was found in DNS cache\n*   Trying 192.168.1.11:32080...\n')).toBe(true);
    expect(seen[1]).toBe('a.example:32080 a.example:32080');
  });

  it('over https, refuses a self-signed certificate without -k (60) and names a server that does not speak TLS (35)', () => {
    const cert = { subject: 'O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate', issuer: 'O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate', source: "the controller's fake certificate", selfSigned: true };
    const tlsHost = { ...fakeHost(), http: (_ip: string, _port: number, _req: unknown, opts: { tls?: { insecure: boolean } }) => (opts.tls?.insecure ? { kind: 'tls-failed' as const, why: 'not-tls' as const, afterMs: 2 } : { kind: 'tls-failed' as const, why: 'untrusted' as const, certificate: cert, afterMs: 3 }) };
    expect(curl(['-s', 'https://192.168.1.11:30443/'], tlsHost, UBUNTU_2404_CURL)).toMatchObject({ stdout: '', stderr: '', exitCode: 60 });
    expect(curl(['-sS', 'https://192.168.1.11:30443/'], tlsHost, UBUNTU_2404_CURL).stderr).toBe(
      'curl: (60) SSL certificate problem: self-signed certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n',
    );
    expect(curl(['-sSk', 'https://192.168.1.11:30443/'], tlsHost, UBUNTU_2404_CURL)).toMatchObject({ stderr: 'curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n', exitCode: 35 });
  });
});
