import type { CatalogOf } from '../types';
import type { timeline as en } from '../en/timeline';

export const timeline: CatalogOf<typeof en> = {
  'timeline.label': '时间线',
  'timeline.slider': '故事中的时刻',
  'timeline.sliderTitle': '跳到故事中的某个时刻：点击或拖动；←/→ 1 秒，PageUp/PageDown 1 分钟，Home/End',
  'timeline.horizonTitle': '这个故事到达过的最远时刻',
  'timeline.forkedAt': '已在 {at} 分叉',
  'timeline.undoTitle': '找回分叉时丢弃的操作，并撤掉之后做过的操作',
  'timeline.undo': '撤销：恢复后面的 {count} 个操作',
  'timeline.mark': '{at} {kind}：{label}',
  'timeline.kind.action': '你的操作',
  'timeline.kind.fault': '故障',
  'timeline.kind.failure': '失败',
  'timeline.kind.scheduling': '调度失败',
  'timeline.kind.rollout': '上线',
  'timeline.kind.eviction': '驱逐',
};
