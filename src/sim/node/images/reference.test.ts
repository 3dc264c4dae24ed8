import { describe, expect, it } from 'vitest';
import { invalidImageMessage, referenceError } from './reference';

describe('image references the kubelet refuses before any pull (ParseNormalizedNamed)', () => {
  it('accepts what Docker Hub and other registries name', () => {
    for (const ok of ['nginx', 'nginx:1.27', 'library/nginx', 'docker.io/library/nginx:1.27-alpine', 'registry.k8s.io/pause:3.10', 'localhost:5000/app', 'ghcr.io/acme/web_app__x:v1', `nginx@sha256:${'a'.repeat(64)}`, 'nginx:Latest', '[::1]:5000/x:y']) {
      expect(referenceError(ok), ok).toBeUndefined();
    }
  });

  it('words each refusal as distribution/reference and go-digest do', () => {
    expect(invalidImageMessage('NGINX:latest')).toBe('Failed to apply default image tag "NGINX:latest": couldn\'t parse image name "NGINX:latest": invalid reference format: repository name (library/NGINX) must be lowercase');
    expect(invalidImageMessage('nginx:')).toBe('Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format');
    expect(referenceError('nginx::1')).toBe('invalid reference format');
    expect(referenceError('acme/Web:v1')).toBe('invalid reference format: repository name (acme/Web) must be lowercase');
    expect(referenceError('registry.example.com/team//api')).toBe('invalid reference format');
    expect(referenceError('REGISTRY.io:5000/app@sha256:x')).toBe('invalid reference format');
    expect(referenceError('nginx@sha256:abc')).toBe('invalid reference format');
    expect(referenceError(`nginx@sha256:${'a'.repeat(40)}`)).toBe('invalid checksum digest format');
    expect(referenceError(`nginx@md5:${'a'.repeat(32)}`)).toBe('unsupported digest algorithm');
    expect(referenceError('a'.repeat(64))).toBe(`invalid repository name (${'a'.repeat(64)}), cannot specify 64-byte hexadecimal strings`);
    expect(referenceError(`x/${'a'.repeat(300)}`)).toBe('repository name must not be more than 255 characters');
    expect(invalidImageMessage('nginx')).toBeUndefined();
  });
});
