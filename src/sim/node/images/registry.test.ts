import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../images';
import { manifestDigest } from './digest';
import { registryPullError } from './registry';
import { publishedTags } from './tags';

const pull = (image: string, hosts: string[] = []) => registryPullError(parseImageRef(image), { hosts: new Set(hosts) });
const denied = (name: string) =>
  `failed to pull and unpack image "${name}": failed to resolve reference "${name}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;

describe('registry: which references resolve', () => {
  it('serves the tags the official images published, with their aliases and variants', () => {
    for (const image of ['nginx', 'nginx:latest', 'nginx:1.27', 'nginx:1.27.1', 'nginx:1.27.5', 'nginx:1', 'nginx:1.29-alpine-slim', 'nginx:stable-alpine', 'nginx:mainline-bookworm-perl', 'nginx:1.19.10-alpine-perl',
      'busybox:1.28', 'busybox:1.36.1-glibc', 'busybox:stable-musl', 'alpine:3.20.3', 'alpine:edge', 'redis:7', 'redis:7.4-alpine', 'httpd:2.4', 'httpd:2.4.62-alpine',
      'python:3.12-slim', 'perl:5.34.0', 'postgres:16', 'postgres:16.4-alpine', 'mysql:8.0.39', 'ubuntu:noble', 'node:20-alpine',
      'registry.k8s.io/pause:3.10', 'registry.k8s.io/kube-proxy:v1.31.0', 'registry.k8s.io/etcd:3.5.15-0', 'registry.k8s.io/coredns/coredns:v1.11.3']) {
      expect(pull(image), image).toBeUndefined();
    }
  });

  it('answers a tag that was never published with containerd\'s NotFound, prefix kept', () => {
    expect(pull('nginx:9.99-typo')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:9.99-typo": failed to resolve reference "docker.io/library/nginx:9.99-typo": docker.io/library/nginx:9.99-typo: not found',
    );
    // Variants appear with their line: nginx had no -otel image before 1.25, no -alpine-slim before 1.23.
    expect(pull('nginx:1.22-otel')).toMatch(/: not found$/);
    expect(pull('nginx:1.21.6-alpine-slim')).toMatch(/: not found$/);
    expect(pull('nginx:1.27.6')).toMatch(/: not found$/);
    expect(pull('registry.k8s.io/kube-apiserver:v1.31')).toMatch(/: not found$/);
  });

  it('resolves a digest only when it is the manifest of a published tag', () => {
    const d = manifestDigest('docker.io/library/nginx', '1.27');
    expect(pull(`nginx@${d}`)).toBeUndefined();
    expect(pull(`nginx:1.26@${d}`)).toBeUndefined();
    const wrong = `sha256:${'0'.repeat(64)}`;
    expect(pull(`nginx@${wrong}`)).toBe(
      `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx@${wrong}": failed to resolve reference "docker.io/library/nginx@${wrong}": docker.io/library/nginx@${wrong}: not found`,
    );
    // The cluster's own digest-pinned manifests name digests the registry really serves.
    expect(pull('registry.k8s.io/ingress-nginx/controller:v1.11.3@sha256:d56f135b6462cfc476447cfe564b83a45e8bb7da2774963b00d12161112270b7')).toBeUndefined();
  });

  it('refuses a name outside Docker Hub\'s official images as a repository that does not exist', () => {
    expect(pull('ngnix:1.28')).toBe(denied('docker.io/library/ngnix:1.28'));
    expect(pull('myapp:v1')).toBe(denied('docker.io/library/myapp:v1'));
    // Official images the catalogue does not model pull with any tag.
    expect(pull('golang:1.23')).toBeUndefined();
    expect(pull('traefik:v3.1')).toBeUndefined();
  });

  it('answers a deprecated official image without `latest` (jenkins, java, centos) with NotFound, not access denied', () => {
    expect(pull('jenkins')).toBe('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/jenkins:latest": failed to resolve reference "docker.io/library/jenkins:latest": docker.io/library/jenkins:latest: not found');
    expect(pull('java:latest')).toMatch(/^rpc error: code = NotFound desc = .*docker\.io\/library\/java:latest: not found$/);
    expect(pull('docker.io/library/centos')).toMatch(/^rpc error: code = NotFound desc = .*docker\.io\/library\/centos:latest: not found$/);
    // Their older tags are still served.
    expect(pull('jenkins:2.60.3')).toBeUndefined();
    expect(pull('centos:7')).toBeUndefined();
  });

  it('pulls any other repository: a user\'s own image is outside what it can know', () => {
    expect(pull('acme/web:v1')).toBeUndefined();
    expect(pull('quay.io/acme/api:2.3')).toBeUndefined();
    expect(pull('gcr.io/google-samples/hello-app:1.0')).toBeUndefined();
    expect(pull('gcr.io/google-samples/hello-app:3.0')).toMatch(/: not found$/);
  });

  it('refuses private images without credentials for their registry, and serves them with', () => {
    expect(pull('registry.example.com/team/api:1.0')).toBe(denied('registry.example.com/team/api:1.0'));
    expect(pull('ghcr.io/acme/private-api:1.0')).toBe(denied('ghcr.io/acme/private-api:1.0'));
    expect(pull('registry.example.com/team/api:1.0', ['ghcr.io'])).toBe(denied('registry.example.com/team/api:1.0'));
    expect(pull('registry.example.com/team/api:1.0', ['registry.example.com'])).toBeUndefined();
    expect(registryPullError(parseImageRef('ghcr.io/acme/private-api:1.0'), { hosts: new Set(['ghcr.io']) })).toBeUndefined();
  });

  it('generates each tag once from its line: versions, minor and major aliases per variant', () => {
    const busybox = publishedTags('docker.io/library/busybox')!;
    expect([...busybox].filter((t) => t.startsWith('1.36'))).toEqual(['1.36.0', '1.36.1', '1.36', '1.36.0-glibc', '1.36.1-glibc', '1.36-glibc', '1.36.0-musl', '1.36.1-musl', '1.36-musl', '1.36.0-uclibc', '1.36.1-uclibc', '1.36-uclibc']);
    expect(publishedTags('docker.io/acme/web')).toBeUndefined();
  });
});
