import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const result = parseConfig({ env: {} });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(3000);
    expect(result.config.host).toBe('127.0.0.1');
    expect(result.config.dataDir).toBe('./data');
  });

  it('reports every wrong value on its own line, naming the variable', () => {
    const result = parseConfig({ env: { PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(3);
    expect(result.problems[0]).toMatch(/^PORT: must be a whole number/);
    expect(result.problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true);
    expect(result.problems.some((p) => p.startsWith('DATABASE_URL: must start with sqlite: or postgres://'))).toBe(true);
  });

  it('refuses a port out of range', () => {
    const result = parseConfig({ env: { PORT: '70000' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toContain('PORT: must be at most 65535');
  });
});
