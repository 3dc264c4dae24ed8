import { describe, expect, it } from 'vitest';
import { inEmptyDocument } from './snippetCompletions';

describe('where the editor offers ready-made manifests', () => {
  it('in an empty buffer, or a document after --- that holds only comments and the word being typed', () => {
    expect(inEmptyDocument([''], 1)).toBe(true);
    expect(inEmptyDocument(['Dep'], 1)).toBe(true);
    expect(inEmptyDocument(['kind: Pod', '---', '# a comment', 'Dep', ''], 4)).toBe(true);
  });

  it('not inside a document that already has content, before or after the cursor', () => {
    expect(inEmptyDocument(['kind: Pod', ''], 2)).toBe(false);
    expect(inEmptyDocument(['', 'kind: Pod'], 1)).toBe(false);
    expect(inEmptyDocument(['spec:', '  rep'], 2)).toBe(false);
    expect(inEmptyDocument(['kind: Pod'], 1)).toBe(false);
  });
});
