import { kickWorker } from "@/lib/background/worker-loop";

/**
 * A request that queued mail asks this process's sender (sender.ts) for a round at once, so the
 * mail leaves right after the response. Apart from the sender so that what queues mail does not
 * load what sends it (nodemailer, react-email).
 */
export function kickMailSender(): void {
  kickWorker("mail");
}
