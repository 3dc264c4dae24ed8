/**
 * describe's output writer: text goes through one tabwriter (minwidth 0, tabwidth 8, padding 2); each
 * nesting level indents by two spaces; `flush` closes the current column blocks (the Events table
 * starts its own).
 */
import { DESCRIBE_TABWRITER, TabWriter } from '../tabwriter';

export class PrefixWriter {
  private tw = new TabWriter(DESCRIBE_TABWRITER);
  private raw: string[] = [];

  /** @param unaligned write tabs through as they are (kubectl does this for `rollout history --revision`) */
  constructor(private readonly unaligned = false) {}

  write(level: number, text: string): void {
    const s = '  '.repeat(level) + text;
    if (this.unaligned) this.raw.push(s);
    else this.tw.write(s);
  }

  /** A value followed by a newline, as WriteLine does. */
  writeLine(text: string): void {
    if (this.unaligned) this.raw.push(text + '\n');
    else this.tw.write(text + '\n');
  }

  flush(): void {
    if (!this.unaligned) this.tw.flush();
  }

  toString(): string {
    return this.unaligned ? this.raw.join('') : this.tw.toString();
  }
}
