import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../sim/types';
import { nodeFaultItems, podFaultItems } from './FaultMenu';
import { useLang } from './i18n';

const pod = {
  metadata: { name: 'web-1', namespace: 'default' },
  spec: {
    nodeName: 'worker-1',
    containers: [
      { name: 'app', image: 'nginx:1.29', readinessProbe: { httpGet: { path: '/', port: 80 } } },
      { name: 'log', image: 'busybox:1.36' },
    ],
  },
} as unknown as Pod;

const words = (items: ReturnType<typeof nodeFaultItems>): string[] => items.map((i) => `${i.group ?? ''} | ${i.label} | ${i.hint ?? ''}`);

describe('the fault menus speak the page’s language; fault names and Kubernetes words stay English', () => {
  afterEach(() => useLang.getState().setLang('en'));

  it('in English, as before', () => {
    expect(words(nodeFaultItems('worker-1')).slice(0, 2)).toEqual([
      'Machine | Power off (node-down) | the machine stops: containers, kubelet, heartbeats',
      'Machine | Power on (node-up) | the machine boots again',
    ]);
    expect(words(podFaultItems(pod))).toEqual([
      'Container app | Crash container app (container-crash) | the process dies now, exit code 1; the kubelet restarts it',
      'Container app | Fail readiness probe app (probe-fail) | the pod leaves the Service endpoints',
      'Container app | Pass readiness probe app (probe-pass) | the probe returns to its modelled result',
      'Container log | Crash container log (container-crash) | the process dies now, exit code 1; the kubelet restarts it',
      'Container log | No probes on log | add livenessProbe / readinessProbe to fail them',
      'Registry | Make nginx:1.29 unpullable (image-unpullable) | pulls fail: ErrImagePull → ImagePullBackOff',
      'Registry | Make nginx:1.29 pullable (image-pullable) | pulls succeed again',
      'Registry | Make busybox:1.36 unpullable (image-unpullable) | pulls fail: ErrImagePull → ImagePullBackOff',
      'Registry | Make busybox:1.36 pullable (image-pullable) | pulls succeed again',
    ]);
  });

  it('in Chinese', async () => {
    await useLang.getState().setLang('zh-CN');
    expect(words(nodeFaultItems('worker-1')).slice(0, 2)).toEqual(['机器 | 关机（node-down） | 机器停止运行：容器、kubelet、心跳全部停止', '机器 | 开机（node-up） | 机器重新启动']);
    expect(words(podFaultItems(pod)).slice(0, 2)).toEqual([
      '容器 app | 让容器 app 崩溃（container-crash） | 进程立即退出，退出码 1；kubelet 会重启它',
      '容器 app | 让容器 app 的 readiness 探针失败（probe-fail） | Pod 离开 Service 的端点',
    ]);
  });
});
