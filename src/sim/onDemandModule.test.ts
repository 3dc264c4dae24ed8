import { describe, expect, it } from 'vitest';
import { onDemandModule } from './onDemandModule';

describe('onDemandModule', () => {
  it('refuses to hand the module over before it is loaded, then imports it once', async () => {
    let imports = 0;
    const m = onDemandModule(async () => {
      imports++;
      return { answer: 42 };
    }, 'the widget is not loaded yet (call loadWidget first)');
    expect(() => m.get()).toThrow('the widget is not loaded yet (call loadWidget first)');
    await m.load();
    await m.load();
    expect(m.get()).toEqual({ answer: 42 });
    expect(imports).toBe(1);
  });
});
