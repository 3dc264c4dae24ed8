/** The header's way into the help (the help itself is loaded with its dialog, from src/ui/help/content). */
export const help = {
  'help.open': 'Help',
  'help.openTitle': 'Help: the tabs, the keys, and the Kubernetes words the page shows (?)',
  'help.loading': 'Loading the help…',
} as const;
