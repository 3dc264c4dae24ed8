import type { CatalogOf } from '../types';
import type { replies as en } from '../en/replies';

export const replies: CatalogOf<typeof en> = {
  'replies.networkRestarted': '场景已重新开始：flannel 使用 {backend} 后端，kube-proxy 使用 {mode} 模式。',
  'replies.networkRestartedIpvs': '场景已重新开始：flannel 使用 {backend} 后端，kube-proxy 使用 {mode} 模式（调度算法 {scheduler}）。',
  'replies.schedulerRebuilt': '已按此调度器配置重建集群。',
  'replies.starterComment': '编辑后点击“应用”（Ctrl/Cmd+Enter）。',
};
