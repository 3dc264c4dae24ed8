/** The page's frame: the header, the language and theme switches, the link. */
export const common = {
  'common.copyLink': 'Copy link',
  'common.copied': 'Copied ✓',
  'common.copyLinkTitle': 'Copy a link that rebuilds this cluster at this time',
  'common.copyPrompt': 'Copy this link:',
  'common.themeLight': '☀ Light',
  'common.themeDark': '☾ Dark',
  'common.themeTitle': 'Toggle theme',
  'common.switchToLight': 'Switch to light theme',
  'common.switchToDark': 'Switch to dark theme',
  'common.language': 'Language',
  'common.languageTitle': 'The language of the page (Kubernetes itself always answers in English)',
} as const;
