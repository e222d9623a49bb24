/**
 * At most `max` pieces of work at once; the rest wait in arrival order. A finished piece hands its
 * turn straight to the next waiter, so a new arrival can never slip in between and exceed `max`.
 */
export function createConcurrencyLimit({ max }: { max: number }): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
