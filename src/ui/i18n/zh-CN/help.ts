import type { CatalogOf } from '../types';
import type { help as en } from '../en/help';

export const help: CatalogOf<typeof en> = {
  'help.open': '帮助',
  'help.openTitle': '帮助：各个标签页、快捷键，以及页面上出现的 Kubernetes 英文术语（?）',
  'help.loading': '正在加载帮助…',
};
