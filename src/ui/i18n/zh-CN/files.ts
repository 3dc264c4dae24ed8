import type { CatalogOf } from '../types';
import type { files as en } from '../en/files';

export const files: CatalogOf<typeof en> = {
  'files.label': '文件',
  'files.scratch': '草稿',
  'files.scratchTitle': '草稿缓冲区：只保存在此标签页中，不在链接里',
  'files.fileTitle': '{path} —— 保存在场景及其链接中；kubectl apply -f {path} 会读取它',
  'files.new': '新建文件',
  'files.newPlaceholder': '文件名，例如 web.yaml',
  'files.rename': '重命名',
  'files.renameLabel': '{path} 的新名称',
  'files.delete': '删除',
  'files.deleteConfirm': '从场景中删除 {path}？',
  'files.create': '创建',
  'files.cancel': '取消',
  'files.none': '还没有文件。这里的文件会保存在链接中，并可由 kubectl apply -f 读取。',
  'files.badPath': '这不是可用的文件名：{detail}。',
  'files.exists': '已有名为 {detail} 的文件。',
  'files.clash': '{detail} 会让这个名称同时成为文件和文件夹。',
  'files.editing': 'kubectl edit {ref}',
  'files.editHint': '保存会像 kubectl edit 那样提交你的修改；关闭则不改动该对象。',
  'files.save': '保存',
  'files.saving': '正在保存…',
  'files.close': '关闭',
  'files.editResult': 'kubectl edit {ref}',
};
