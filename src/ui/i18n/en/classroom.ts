/** Fit for a classroom: presentation mode, collapsing panels, what the fault menus say when nothing applies, pod IPs. */
export const classroom = {
  'classroom.present': 'Present',
  'classroom.presentTitle': 'Presentation mode: larger type and stronger contrast for a projector (P)',
  'classroom.collapseSide': 'Collapse the editor and inspector',
  'classroom.restoreSide': 'Manifest & Inspector',
  'classroom.restoreSideTitle': 'Show the editor and inspector again',
  'classroom.collapseBottom': 'Collapse the events and terminal',
  'classroom.restoreBottom': 'Events & Terminal',
  'classroom.restoreBottomTitle': 'Show the events and terminal again',
  'classroom.podIp': 'Pod IP {ip}',
  'classroom.faults.nodeOff': 'Node {node} is powered off: no container to break',
  'classroom.faults.notRunning': 'Container {container} is not running',
  'classroom.faults.notRunningHint': 'nothing to crash until the kubelet starts it again',
} as const;
