import type { CatalogOf } from '../types';
import type { events as en } from '../en/events';

export const events: CatalogOf<typeof en> = {
  'events.label': '事件日志',
  'events.title': '事件',
  'events.filterText': '筛选文本…',
  'events.filterTextLabel': '按文本筛选事件',
  'events.filterType': '按类型筛选事件',
  'events.allTypes': '全部类型',
  'events.filterObject': '对象…',
  'events.filterObjectLabel': '按对象筛选事件',
  'events.selectedTitle': '只显示选中对象的事件',
  'events.selected': '选中对象',
  'events.countOf': '{shown} / {total}',
  'events.dropped': '（另有 {count} 条较早的已丢弃）',
  'events.table': '事件',
  'events.col.time': '时间',
  'events.col.type': '类型',
  'events.col.reason': '原因',
  'events.col.object': '对象',
  'events.col.source': '来源',
  'events.col.message': '消息',
  'events.rows': '事件行',
  'events.noMatch': '没有符合筛选条件的事件。',
  'events.none': '还没有事件。',
  'events.newest': '↓ 最新',
};
