import type { CatalogOf } from '../types';
import type { editor as en } from '../en/editor';

export const editor: CatalogOf<typeof en> = {
  'editor.label': '清单编辑器',
  'editor.title': '清单',
  'editor.shortcut': 'Ctrl/⌘+Enter 应用',
  'editor.apply': '应用',
  'editor.plainLabel': '清单编辑器（YAML）',
  'editor.monacoLabel': '清单编辑器（YAML）。按 Ctrl+Enter 或 Cmd+Enter 应用。',
  'editor.nothingToApply': '没有可应用的内容：编辑器里没有任何文档。',
  'editor.applying': '正在应用…',
  'editor.resultsHere': '应用的结果会显示在这里。',
  'editor.appliedAt': '应用于 {at}',

  'inspector.label': '检查器',
  'inspector.view': '视图',
  'inspector.describe': 'Describe',
  'inspector.yaml': 'YAML',
  'inspector.followTitle': '在“请求”标签页中跟踪它的请求和 watch 事件',
  'inspector.follow': '跟踪请求',
  'inspector.clear': '取消选择',
  'inspector.describeOutput': 'describe 输出',
  'inspector.emptyBefore': '选中一个 Pod、节点或工作负载（或事件日志中的对象），查看它的',
  'inspector.emptyAfter': '输出和 YAML。',
  'inspector.loading': '正在加载…',

  'owners.label': '属主链',
  'owners.selectOwner': '选中属主',
  'owners.notShown': '此视图中不显示',
  'owners.owns': '拥有 {count} 个：',
  'owners.more': '还有 {count} 个',
};
