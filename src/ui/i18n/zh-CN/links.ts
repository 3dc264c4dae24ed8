import type { CatalogOf } from '../types';
import type { links as en } from '../en/links';

export const links: CatalogOf<typeof en> = {
  'link.unreadable': '无法读取这个链接：{error}。',
  'link.empty': '这个链接里没有场景。',
  'link.tooLong': '这个链接太长（{chars} 个字符），不是 kubetab 场景。',
  'link.notKubetab': '这个链接里没有 kubetab 场景。',
  'link.newerFormat': '这个链接由更新版本的 kubetab 生成（格式 {version}）；当前版本只能读取格式 {supported}。',
  'link.unknownFormat': '这个链接使用了未知格式（{version}）。',
  'link.badCharacters': '这个链接已损坏：含有 kubetab 链接中不会出现的字符。',
  'link.tooBig': '这个链接的场景解压后超过 {mb} MB，未加载。',
  'link.corrupt': '这个链接已损坏：数据无法解压。',
  'link.notScenario': '这个链接已损坏：数据不是场景。',
  'link.unknownField': '这个链接的场景含有未知字段 {field}。',
  'link.badTime': '这个链接的时间不是有效的虚拟时间。',
  'link.timeTooLate': '这个链接要求虚拟时间 {hours} 小时；kubetab 最多重建 24 小时。',
  'link.tooManyActions': '这个链接的场景有 {actions} 个操作；最多读取 {max} 个。',
  'link.invalid': '这个链接的场景无效：{error}。',
  'link.badView': '这个链接的视图设置无效。',
  'link.unknownViewField': '这个链接的视图设置含有未知字段 {field}。',
  'link.badTraceStep': '这个链接的追踪步骤不是 0 到 {max} 之间的整数。',
  'link.editorNotText': '这个链接的编辑器内容不是文本。',
  'link.editorTooLong': '这个链接的编辑器内容超过 {max} 个字符。',
  'link.badSpeed': '这个链接的速度不是 {speeds} 之一。',
  'link.noActions': '这个链接的场景没有操作列表。',
  'link.malformedAction': '这个链接的场景无效：第 {n} 个操作格式错误。',
};
