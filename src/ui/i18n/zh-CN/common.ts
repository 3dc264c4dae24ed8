import type { CatalogOf } from '../types';
import type { common as en } from '../en/common';

export const common: CatalogOf<typeof en> = {
  'common.copyLink': '复制链接',
  'common.copied': '已复制 ✓',
  'common.copyLinkTitle': '复制一个链接，它能在此刻重建这个集群',
  'common.copyPrompt': '复制这个链接：',
  'common.themeLight': '☀ 浅色',
  'common.themeDark': '☾ 深色',
  'common.themeTitle': '切换主题',
  'common.switchToLight': '切换到浅色主题',
  'common.switchToDark': '切换到深色主题',
  'common.language': '语言',
  'common.languageTitle': '页面的语言（Kubernetes 本身的输出始终是英文，和真实集群一样）',
} as const;
