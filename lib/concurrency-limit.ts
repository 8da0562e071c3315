/**
 * Runs at most `limit` async jobs at a time; the rest wait their turn, first come first served.
 * A finishing job hands its slot straight to the next one waiting, so none can jump the queue.
 */
export function concurrencyLimit(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency limit must be a whole number ≥ 1, got ${limit}`);
  let running = 0;
  const waiting: Array<() => void> = [];

  return async (job) => {
    if (running < limit) running++;
    else await new Promise<void>((takeSlot) => waiting.push(takeSlot));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
