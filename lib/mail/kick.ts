/**
 * A request that queued mail asks this process's sender (sender.ts) for a round at once, so the
 * mail leaves right after the response. Apart from the sender so that what queues mail does not
 * load what sends it (nodemailer, react-email). On globalThis: Next bundles route handlers apart
 * from instrumentation, so a request's kick must reach the loop that start-up created.
 */

const slot = globalThis as typeof globalThis & { __accountsMailSenderKick?: () => void };

/** Asks for a round now; a no-op where no sender runs. */
export function kickMailSender(): void {
  slot.__accountsMailSenderKick?.();
}

/** For the sender: what a kick runs from now on (undefined once it stops). */
export function setMailSenderKick(kick: (() => void) | undefined): void {
  slot.__accountsMailSenderKick = kick;
}
