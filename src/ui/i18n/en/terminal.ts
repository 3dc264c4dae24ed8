/** The kubectl terminal's own words (what kubectl and the shells print stays English). */
export const terminal = {
  'terminal.label': 'kubectl terminal',
  'terminal.welcome': 'kubectl 1.31 against the simulated cluster. Try: get pods -A · describe node worker-1 · get pods -w (Ctrl+C stops) · get pods | grep web · ssh worker-1 (a root shell on the node; exit leaves) · exec -it POD -- sh (a shell in the pod) · clear',
  'terminal.running': 'Running as the clock plays — Ctrl+C stops it.',
  'terminal.keys': 'Tab completes · ↑/↓ history · Ctrl+R searches it · | grep, head, tail, wc, sort',
  'terminal.clearTitle': 'Clear the screen (Ctrl+L)',
  'terminal.clear': 'Clear',
  'terminal.nodeInput': 'shell command on {node}',
  'terminal.podInput': 'shell command in {pod}',
  'terminal.input': 'kubectl command',
} as const;
