import { describe, expect, it } from 'vitest';
import { createTestConfig } from '../../../config/config.js';
import { defaultPdfChildRecycling } from './pdf-pool.js';
import { createPdfSlots, pdfChildRecyclingOf } from './pdf-slots.js';

describe('PDF child slots', () => {
  it('recycles children by the settings\' defaults when a caller gives no config', () => {
    expect(defaultPdfChildRecycling).toEqual(pdfChildRecyclingOf({ config: createTestConfig() }));
  });

  it('runs at most `max` at once, hands a released slot to the first in line, and refuses past the waiting bound', async () => {
    const slots = createPdfSlots({ max: 2 });
    const a = await slots.acquire();
    const b = await slots.acquire();
    expect(slots.running()).toBe(2);
    let thirdStarted = false;
    const third = slots.acquire().then((release) => { thirdStarted = true; return release; });
    await Promise.resolve();
    expect(thirdStarted).toBe(false);
    expect(slots.waiting()).toBe(1);
    expect(await slots.acquire({ maxWaiting: 1 })).toBeUndefined();
    a!();
    a!(); // twice is once
    const c = await third;
    expect(thirdStarted).toBe(true);
    expect(slots.running()).toBe(2);
    b!();
    c!();
    expect(slots.running()).toBe(0);
  });
});
