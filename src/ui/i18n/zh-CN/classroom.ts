import type { CatalogOf } from '../types';
import type { classroom as en } from '../en/classroom';

export const classroom: CatalogOf<typeof en> = {
  'classroom.present': '演示',
  'classroom.presentTitle': '演示模式：为投影仪放大字号、加强对比度（P）',
  'classroom.collapseSide': '收起编辑器和检查器',
  'classroom.restoreSide': '清单与检查器',
  'classroom.restoreSideTitle': '重新显示编辑器和检查器',
  'classroom.collapseBottom': '收起事件和终端',
  'classroom.restoreBottom': '事件与终端',
  'classroom.restoreBottomTitle': '重新显示事件和终端',
  'classroom.podIp': 'Pod IP {ip}',
  'classroom.faults.nodeOff': '节点 {node} 已关机：没有可破坏的容器',
  'classroom.faults.notRunning': '容器 {container} 没有在运行',
  'classroom.faults.notRunningHint': '在 kubelet 重新启动它之前，没有可以让它崩溃的进程',
} as const;
