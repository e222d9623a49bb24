import { describe, expect, it } from 'vitest';
import { countVisibleCodeUnits } from './pdf-accessibility.js';

describe('visible characters of a text item', () => {
  it('counts what is not white space exactly as removing \\s would, for every code unit', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const text = `x${String.fromCharCode(code)}y`;
      if (countVisibleCodeUnits(text) !== text.replace(/\s+/gu, '').length) expect.fail(`U+${code.toString(16)}`);
    }
    expect(countVisibleCodeUnits(' Kommunernes\u00a0Landsforening\t')).toBe(24);
    expect(countVisibleCodeUnits('')).toBe(0);
  });
});
