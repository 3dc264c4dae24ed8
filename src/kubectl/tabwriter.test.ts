import { describe, expect, it } from 'vitest';
import { DESCRIBE_TABWRITER, TABLE_TABWRITER, tabwrite } from './tabwriter';

describe('tabwrite', () => {
  it('pads table columns to the widest cell plus three, at least six wide', () => {
    const text = 'NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb-1\t1/1\tRunning\t0\t5m\n';
    expect(tabwrite(text, TABLE_TABWRITER)).toBe('NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          5m\n');
  });

  it('leaves the last cell of a line unpadded', () => {
    expect(tabwrite('a\tb\n', TABLE_TABWRITER)).toBe('a     b\n');
  });

  it('closes a column block at a line without that column, as describe relies on', () => {
    const text = 'IPs:\n  IP:\t10.244.1.5\nControlled By:\tReplicaSet/web\nContainers:\n  web:\n    Image:\tnginx\n    Port:\t80/TCP\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe(
      'IPs:\n  IP:           10.244.1.5\nControlled By:  ReplicaSet/web\nContainers:\n  web:\n    Image:  nginx\n    Port:   80/TCP\n',
    );
  });

  it('counts runes, not bytes, for widths', () => {
    expect(tabwrite('é\tx\nab\ty\n', DESCRIBE_TABWRITER)).toBe('é   x\nab  y\n');
  });

  it('formats nested columns independently of the outer block', () => {
    const text = 'a\tb\tc\naaaa\tb\n';
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe('a     b  c\naaaa  b\n');
  });
});
