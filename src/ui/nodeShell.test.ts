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

describe('terminal pod shell', () => {
  it('kubectl exec -it POD -- sh opens a shell in the container; other exec commands stay kubectl commands', () => {
    expect(interpret(null, 'kubectl exec -it client -- sh')).toEqual({ kind: 'podLogin', session: { kind: 'pod', exec: 'exec client', pod: 'client', shell: 'sh' } });
    expect(interpret(null, 'exec -ti -n kube-system pod/web-0 -c nginx -- /bin/bash')).toEqual({ kind: 'podLogin', session: { kind: 'pod', exec: 'exec -n kube-system pod/web-0 -c nginx', pod: 'web-0', shell: 'bash' } });
    expect(interpret(null, 'exec -i -t client -- ash')).toEqual({ kind: 'podLogin', session: { kind: 'pod', exec: 'exec client', pod: 'client', shell: 'ash' } });
    expect(interpret(null, 'exec client -- sh')).toEqual({ kind: 'kubectl', line: 'exec client -- sh' });
    expect(interpret(null, 'exec -it client -- wget -qO- web')).toEqual({ kind: 'kubectl', line: 'exec -it client -- wget -qO- web' });
  });

  it("at a container's prompt each line runs in its shell, quoted as sh -c's argument, until exit", () => {
    const s = { kind: 'pod' as const, exec: 'exec client', pod: 'client', shell: 'sh' };
    expect(interpret(s, "echo 'hi' && wget -qO- web")).toEqual({ kind: 'pod', kubectl: `exec client -- sh -c 'echo '\\''hi'\\'' && wget -qO- web'` });
    expect(interpret(s, 'exit')).toEqual({ kind: 'podLogout' });
    expect(promptFor(s)).toBe('/ # ');
    expect(promptFor({ ...s, shell: 'bash', pod: 'web-0' })).toBe('root@web-0:/# ');
  });
});
