import { describe, expect, it } from "vitest";
import { concurrencyLimit } from "@/lib/concurrency-limit";

/** A job that runs until the test lets it finish, recording how many jobs overlap. */
function gatedJobs() {
  let running = 0;
  let mostAtOnce = 0;
  const started: number[] = [];
  const release: Array<() => void> = [];
  const job =
    (id: number, fail = false) =>
    () =>
      new Promise<number>((resolve, reject) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        started.push(id);
        release[id] = () => {
          running--;
          if (fail) reject(new Error(`job ${id} failed`));
          else resolve(id);
        };
      });
  return { job, started, release, mostAtOnce: () => mostAtOnce };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("concurrencyLimit", () => {
  it("runs at most `limit` jobs at once and starts the others in the order they came", async () => {
    const run = concurrencyLimit(2);
    const { job, started, release, mostAtOnce } = gatedJobs();
    const results = [0, 1, 2, 3, 4].map((id) => run(job(id)));
    await settle();
    expect(started).toEqual([0, 1]);

    release[1]();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    // The freed slot went to job 2: a newcomer waits behind 3 and 4.
    results.push(run(job(5)));
    await settle();
    expect(started).toEqual([0, 1, 2]);
    release[0]();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    release[2]();
    release[3]();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    release[4]();
    release[5]();

    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostAtOnce()).toBe(2);
  });

  it("frees the slot of a job that fails, and passes its error on", async () => {
    const run = concurrencyLimit(1);
    const { job, started, release } = gatedJobs();
    const failing = run(job(0, true));
    const next = run(job(1));
    await settle();
    expect(started).toEqual([0]);

    release[0]();
    await expect(failing).rejects.toThrow("job 0 failed");
    await settle();
    expect(started).toEqual([0, 1]);
    release[1]();
    expect(await next).toBe(1);
  });

  it("starts at once again when the queue has drained", async () => {
    const run = concurrencyLimit(1);
    expect(await run(async () => "first")).toBe("first");
    expect(await run(async () => "second")).toBe("second");
    const { job, started, release } = gatedJobs();
    const third = run(job(0));
    await settle();
    expect(started).toEqual([0]);
    release[0]();
    expect(await third).toBe(0);
  });

  it("refuses a limit that is not a whole number of at least 1", () => {
    expect(() => concurrencyLimit(0)).toThrow(/≥ 1/);
    expect(() => concurrencyLimit(1.5)).toThrow(/≥ 1/);
  });
});
