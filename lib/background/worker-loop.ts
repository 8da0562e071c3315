import { logger } from "@/lib/log";

/**
 * A background worker of this process (the mail sender, the webhook sender): a round every
 * `intervalMs`, plus one as soon as a request asks (kickWorker), so queued work leaves right after
 * the response. Rounds never overlap: a kick during a round asks for one more after it. A round
 * that says there is more (a full batch) is followed at once by another.
 *
 * On globalThis: Next bundles route handlers apart from instrumentation, so a request's kick must
 * reach the loop that start-up created, and a second start from another bundle finds it running.
 */

export type Backoff = { backoffBaseMs: number; backoffCapMs: number };

/** How long after its `attempt`-th failed try a job is tried again: doubling from the base, capped. */
export function backoffDelayMs(attempt: number, backoff: Backoff): number {
  return Math.min(backoff.backoffCapMs, backoff.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

/** One pass over the work that is due; `more` when it stopped at its batch size. */
export type WorkerRound = () => Promise<{ more: boolean }>;

type Loop = {
  name: string;
  round: WorkerRound;
  timer: NodeJS.Timeout;
  running?: Promise<void>;
  again: boolean;
  stopped: boolean;
};

const holder = globalThis as typeof globalThis & { __accountsWorkers?: Map<string, Loop> };
const loops = () => (holder.__accountsWorkers ??= new Map());

/** Starts the worker `name` (once per process; later calls do nothing) and runs a round at once. */
export function startWorker(name: string, intervalMs: number, round: WorkerRound): void {
  if (loops().has(name)) return;
  const loop: Loop = {
    name,
    round,
    again: false,
    stopped: false,
    timer: setInterval(() => void run(loop), intervalMs),
  };
  loop.timer.unref();
  loops().set(name, loop);
  void run(loop);
}

/** Asks the worker for a round now; a no-op where it does not run. */
export function kickWorker(name: string): void {
  const loop = loops().get(name);
  if (loop) void run(loop);
}

/** Stops the worker after its current round. */
export async function stopWorker(name: string): Promise<void> {
  const loop = loops().get(name);
  if (!loop) return;
  loops().delete(name);
  loop.stopped = true;
  clearInterval(loop.timer);
  loop.again = false;
  await loop.running;
}

function run(loop: Loop): Promise<void> {
  if (loop.running) {
    loop.again = true;
    return loop.running;
  }
  loop.running = (async () => {
    do {
      loop.again = false;
      try {
        const { more } = await loop.round();
        if (more && !loop.stopped) loop.again = true;
      } catch (err) {
        logger.error({ err, worker: loop.name }, "background round failed");
      }
    } while (loop.again && !loop.stopped);
  })().finally(() => {
    loop.running = undefined;
  });
  return loop.running;
}
