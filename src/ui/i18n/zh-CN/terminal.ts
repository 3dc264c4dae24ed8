import type { CatalogOf } from '../types';
import type { terminal as en } from '../en/terminal';

export const terminal: CatalogOf<typeof en> = {
  'terminal.label': 'kubectl 终端',
  'terminal.welcome': '面向模拟集群的 kubectl 1.31。试试：get pods -A · describe node worker-1 · get pods -w（Ctrl+C 停止）· get pods | grep web· ssh worker-1（节点上的 root shell；exit 退出）· exec -it POD -- sh（Pod 里的 shell）· clear',
  'terminal.running': '随时钟运行中 —— 按 Ctrl+C 停止。',
  'terminal.keys': 'Tab 补全 · ↑/↓ 历史 · Ctrl+R 搜索历史 · | grep、head、tail、wc、sort',
  'terminal.clearTitle': '清屏（Ctrl+L）',
  'terminal.clear': '清屏',
  'terminal.nodeInput': '{node} 上的 shell 命令',
  'terminal.podInput': '{pod} 中的 shell 命令',
  'terminal.input': 'kubectl 命令',
};
