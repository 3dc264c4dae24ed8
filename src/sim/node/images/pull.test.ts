import { describe, expect, it } from 'vitest';
import type { Pod } from '../../types';
import { createBound, eventsFor, getPod, nodeRig, podSpec } from '../testutil';
import { manifestDigest } from './digest';

/** Each event as `first last ×count type reason message [fieldPath]`. */
const timeline = (admin: ReturnType<typeof nodeRig>['admin'], name: string) =>
  eventsFor(admin, name).map((e) => `${e.firstTimestamp?.slice(11, 19)} ${e.lastTimestamp?.slice(11, 19)} x${e.count} ${e.type} ${e.reason} ${e.message} [${e.involvedObject.fieldPath ?? ''}]`);
const waiting = (p: Pod) => p.status?.containerStatuses?.[0]?.state?.waiting;

describe('kubelet: pulls of images the registry does not serve', () => {
  it('a typo\'d tag: ErrImagePull with containerd\'s not found, then ImagePullBackOff, retried after 10s, 20s, 40s', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('typo', 'nginx:9.99-typo'), 'worker-1');
    const notFound = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:9.99-typo": failed to resolve reference "docker.io/library/nginx:9.99-typo": docker.io/library/nginx:9.99-typo: not found';
    cluster.runUntil(4_000);
    expect(waiting(getPod(admin, 'typo'))).toEqual({ reason: 'ErrImagePull', message: notFound });
    cluster.runUntil(5_000);
    expect(waiting(getPod(admin, 'typo'))).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:9.99-typo"' });
    // The back-off is 10s from the failure: the second attempt fails at 14s and the status says so again.
    cluster.runUntil(14_000);
    expect(waiting(getPod(admin, 'typo'))?.reason).toBe('ErrImagePull');
    cluster.runUntil(120_000);
    expect(timeline(admin, 'typo')).toEqual(TYPO_TIMELINE(notFound));
  });
});

/**
 * Two minutes of a typo'd tag: four pulls, the first at 0:02 and the last at 1:14 (10s, 20s, 40s of
 * back-off after each failure, each retry on the pod worker's next sync past it). The 26th event about the pod is
 * the recorder's spam filter's to drop (25 at once per object), so the last `Error: ErrImagePull`
 * is not counted, as on a real node.
 */
const TYPO_TIMELINE = (notFound: string) => [
  '10:00:03 10:00:34 x3 Warning Failed Error: ErrImagePull [spec.containers{nginx}]',
  '10:00:04 10:01:09 x7 Normal BackOff Back-off pulling image "nginx:9.99-typo" [spec.containers{nginx}]',
  '10:00:04 10:01:09 x7 Warning Failed Error: ImagePullBackOff [spec.containers{nginx}]',
  '10:00:02 10:01:14 x4 Normal Pulling Pulling image "nginx:9.99-typo" [spec.containers{nginx}]',
  `10:00:03 10:01:14 x4 Warning Failed Failed to pull image "nginx:9.99-typo": ${notFound} [spec.containers{nginx}]`,
];

describe('kubelet: private images and pull secrets', () => {
  const image = 'registry.example.com/team/api:1.0';
  const denied = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;

  it('without imagePullSecrets the registry refuses the anonymous pull (the kubelet strips the Unknown code)', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('api', image), 'worker-1');
    cluster.runUntil(4_000);
    expect(waiting(getPod(admin, 'api'))).toEqual({ reason: 'ErrImagePull', message: denied });
    expect(timeline(admin, 'api').slice(-2)).toEqual([
      `10:00:03 10:00:03 x1 Warning Failed Failed to pull image "${image}": ${denied} [spec.containers{api}]`,
      '10:00:03 10:00:03 x1 Warning Failed Error: ErrImagePull [spec.containers{api}]',
    ]);
  });

  it('with a dockerconfigjson Secret for the registry it pulls; a missing Secret is reported and the pull goes on', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const config = btoa(JSON.stringify({ auths: { 'registry.example.com': { username: 'ci', password: 'p', auth: btoa('ci:p') } } }));
    admin.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'regcred', namespace: 'default' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': config } });
    createBound(admin, podSpec('api', image, { imagePullSecrets: [{ name: 'gone' }, { name: 'regcred' }] }), 'worker-1');
    cluster.runUntil(30_000);
    expect(getPod(admin, 'api').status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    const lines = timeline(admin, 'api').map((l) => l.slice(18));
    expect(lines[0]).toBe('x1 Warning FailedToRetrieveImagePullSecret Unable to retrieve some image pull secrets (gone); attempting to pull the image may not succeed. []');
    expect(lines.slice(1, 3)).toEqual([`x1 Normal Pulling Pulling image "${image}" [spec.containers{api}]`, expect.stringMatching(/^x1 Normal Pulled Successfully pulled image "registry.example.com\/team\/api:1.0" in /)]);
  });
});

describe('kubelet: digests and the rule for images the catalogue does not model', () => {
  it('pulls a digest the registry serves, and fails one it does not', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const good = `nginx@${manifestDigest('docker.io/library/nginx', '1.27')}`;
    const bad = `nginx@sha256:${'ab'.repeat(32)}`;
    createBound(admin, podSpec('good', good), 'worker-1');
    createBound(admin, podSpec('bad', bad), 'worker-1');
    cluster.runUntil(4_000);
    expect(waiting(getPod(admin, 'bad'))?.message).toBe(`rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${bad}": failed to resolve reference "docker.io/library/${bad}": docker.io/library/${bad}: not found`);
    cluster.runUntil(30_000);
    const st = getPod(admin, 'good').status!.containerStatuses![0]!;
    expect(st.state?.running).toBeDefined();
    expect(st.imageID).toBe(`docker.io/library/${good}`);
  });

  it('pulls a user namespace image with any tag, and refuses a name Docker Hub has no official image for', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('own', 'acme/web:v1'), 'worker-1');
    createBound(admin, podSpec('mine', 'myapp:v1'), 'worker-1');
    cluster.runUntil(4_000);
    expect(waiting(getPod(admin, 'mine'))?.message).toBe('failed to pull and unpack image "docker.io/library/myapp:v1": failed to resolve reference "docker.io/library/myapp:v1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed');
    cluster.runUntil(30_000);
    expect(getPod(admin, 'own').status!.containerStatuses![0]!.state?.running).toBeDefined();
    expect(waiting(getPod(admin, 'mine'))?.reason).toBe('ImagePullBackOff');
  });
});


describe('kubelet: one container that cannot start does not hold up the others', () => {
  it('a typo\'d image in the first container: the second still pulls and runs (READY 1/2)', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const pod = podSpec('two', 'nginx:9.99-typo');
    pod.spec!.containers.push({ name: 'good', image: 'nginx:1.27' });
    createBound(admin, pod, 'worker-1');
    cluster.runUntil(40_000);
    const [bad, good] = getPod(admin, 'two').status!.containerStatuses!;
    expect(bad!.state?.waiting?.reason).toBe('ImagePullBackOff');
    expect(good!.name).toBe('good');
    expect(good!.ready).toBe(true);
    expect(good!.state?.running).toBeDefined();
    expect(timeline(admin, 'two').filter((l) => l.includes('{good}')).map((l) => l.slice(18).replace(/ in .*bytes\./, ''))).toEqual([
      'x1 Normal Pulling Pulling image "nginx:1.27" [spec.containers{good}]',
      'x1 Normal Pulled Successfully pulled image "nginx:1.27" [spec.containers{good}]',
      'x1 Normal Created Created container good [spec.containers{good}]',
      'x1 Normal Started Started container good [spec.containers{good}]',
    ]);
  });

  it('a missing ConfigMap key in the first container: the second still starts', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    const pod = podSpec('cfg', 'nginx:1.27', {}, { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'a' } } }] });
    pod.spec!.containers.push({ name: 'good', image: 'nginx:1.27' });
    createBound(admin, pod, 'worker-1');
    cluster.runUntil(40_000);
    const [bad, good] = getPod(admin, 'cfg').status!.containerStatuses!;
    expect(bad!.state?.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "nope" not found' });
    expect(good!.state?.running).toBeDefined();
  });
});

describe('kubelet: an image reference that does not parse', () => {
  it('NGINX:latest is InvalidImageName with InspectFailed: no Pulling, no pull back-off, tried again on the next sync', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('upper', 'NGINX:latest', {}, { name: 'web' }), 'worker-1');
    const msg = 'Failed to apply default image tag "NGINX:latest": couldn\'t parse image name "NGINX:latest": invalid reference format: repository name (library/NGINX) must be lowercase';
    cluster.runUntil(4_000);
    expect(waiting(getPod(admin, 'upper'))).toEqual({ reason: 'InvalidImageName', message: msg });
    cluster.runUntil(60_000);
    expect(waiting(getPod(admin, 'upper'))).toEqual({ reason: 'InvalidImageName', message: msg });
    const lines = timeline(admin, 'upper').map((l) => l.replace(/^\S+ \S+ x\d+ /, ''));
    expect([...new Set(lines)]).toEqual([`Warning InspectFailed ${msg} [spec.containers{web}]`, 'Warning Failed Error: InvalidImageName [spec.containers{web}]']);
    expect(Number(/x(\d+)/.exec(timeline(admin, 'upper')[0]!)![1])).toBeGreaterThan(2);
  });

  it('an empty tag (nginx:) is an invalid reference format', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    createBound(admin, podSpec('colon', 'nginx:'), 'worker-1');
    cluster.runUntil(4_000);
    expect(waiting(getPod(admin, 'colon'))).toEqual({ reason: 'InvalidImageName', message: 'Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format' });
  });
});
