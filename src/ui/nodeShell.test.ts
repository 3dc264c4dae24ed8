import { describe, expect, it } from 'vitest';
import { interpret, logoutText, promptFor } from './nodeShell';

describe('terminal node shell', () => {
  it('ssh NODE logs in; ssh NODE COMMAND runs one command and stays at the kubectl prompt', () => {
    expect(interpret(null, 'ssh worker-1')).toEqual({ kind: 'login', node: 'worker-1' });
    expect(interpret(null, 'ssh root@worker-1')).toEqual({ kind: 'login', node: 'worker-1' });
    expect(interpret(null, 'ssh worker-1 ip route')).toEqual({ kind: 'node', node: 'worker-1', line: 'ip route', oneShot: true });
  });

  it('at a node prompt lines go to the node until exit', () => {
    expect(interpret('worker-1', 'ip a')).toEqual({ kind: 'node', node: 'worker-1', line: 'ip a', oneShot: false });
    expect(interpret('worker-1', 'get pods')).toEqual({ kind: 'node', node: 'worker-1', line: 'get pods', oneShot: false });
    expect(interpret('worker-1', 'exit')).toEqual({ kind: 'logout', node: 'worker-1' });
    expect(interpret('worker-1', 'logout')).toEqual({ kind: 'logout', node: 'worker-1' });
    expect(interpret('worker-1', '  ')).toEqual({ kind: 'none' });
  });

  it('the kubectl prompt keeps taking kubectl commands, with or without the leading word', () => {
    expect(interpret(null, 'kubectl get pods')).toEqual({ kind: 'kubectl', line: 'get pods' });
    expect(interpret(null, 'get pods')).toEqual({ kind: 'kubectl', line: 'get pods' });
    expect(interpret(null, 'kubectl')).toEqual({ kind: 'none' });
    expect(interpret(null, 'clear')).toEqual({ kind: 'clear' });
  });

  it('prompts and the logout lines are the real ones', () => {
    expect(promptFor(null)).toBe('$ kubectl ');
    expect(promptFor('worker-1')).toBe('root@worker-1:~# ');
    expect(logoutText('worker-1')).toBe('logout\nConnection to worker-1 closed.\n');
  });
});
