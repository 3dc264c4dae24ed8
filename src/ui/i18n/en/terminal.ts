/** The kubectl terminal's own words (what kubectl and the shells print stays English). */
export const terminal = {
  'terminal.label': 'kubectl terminal',
  'terminal.welcome': 'kubectl 1.31 against the simulated cluster. Try: get pods -A · describe node worker-1 · logs -f POD (Ctrl+C stops) · ssh worker-1 (a root shell on the node; exit leaves) · exec -it POD -- sh (a shell in the pod) · clear',
  'terminal.following': 'Following the log as the clock runs — Ctrl+C or Esc stops.',
  'terminal.keys': '↑/↓ history · clear · Ctrl+C',
  'terminal.clearTitle': 'Clear the screen (Ctrl+L)',
  'terminal.clear': 'Clear',
  'terminal.output': 'kubectl output',
  'terminal.nodeInput': 'shell command on {node}',
  'terminal.podInput': 'shell command in {pod}',
  'terminal.input': 'kubectl command',
} as const;
