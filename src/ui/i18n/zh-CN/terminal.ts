import type { CatalogOf } from '../types';
import type { terminal as en } from '../en/terminal';

export const terminal: CatalogOf<typeof en> = {
  'terminal.label': 'kubectl 终端',
  'terminal.welcome': '面向模拟集群的 kubectl 1.31。试试：get pods -A · describe node worker-1 · logs -f POD（Ctrl+C 停止）· ssh worker-1（节点上的 root shell；exit 退出）· exec -it POD -- sh（Pod 里的 shell）· clear',
  'terminal.following': '正在随时钟跟踪日志 —— 按 Ctrl+C 或 Esc 停止。',
  'terminal.keys': '↑/↓ 历史 · clear · Ctrl+C',
  'terminal.clearTitle': '清屏（Ctrl+L）',
  'terminal.clear': '清屏',
  'terminal.output': 'kubectl 输出',
  'terminal.nodeInput': '{node} 上的 shell 命令',
  'terminal.podInput': '{pod} 中的 shell 命令',
  'terminal.input': 'kubectl 命令',
};
