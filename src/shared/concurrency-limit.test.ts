import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from './concurrency-limit.js';

describe('createConcurrencyLimit', () => {
  it('runs at most max at once, the rest in arrival order, each with its own result or error', async () => {
    const limit = createConcurrencyLimit({ max: 2 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const results = Array.from({ length: 5 }, (_, i) =>
      limit(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        if (i === 3) throw new Error('four failed');
        return i * 10;
      }).catch((error: Error) => error.message),
    );
    while (order.length < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
      // A new arrival while a turn is being handed over must wait too.
      if (order.length === 3) results.push(limit(async () => { most = Math.max(most, running + 1); return -1; }));
    }
    while (releases.length) releases.shift()?.();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 'four failed', 40, -1]);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });
});
