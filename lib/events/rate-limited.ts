import { RateLimitedError } from "@/lib/errors";
import { assertRateLimit, type PolicyName } from "@/lib/rate-limit";
import { recordAttemptOnce } from "./record";
import type { ClientInfo } from "./types";

const MINUTE_MS = 60_000;

/**
 * The endpoint's rate limit (lib/rate-limit), and a `rate_limited` event when it refuses: one
 * per client and endpoint per minute, since every refusal counts but need not cost a row.
 */
export async function assertRateLimitRecorded(policy: PolicyName, client: ClientInfo): Promise<void> {
  try {
    await assertRateLimit(policy, client.ip);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      await recordAttemptOnce(`rate_limited:${policy}:${client.ip}`, MINUTE_MS, {
        type: "rate_limited",
        client,
        detail: { policy },
      });
    }
    throw error;
  }
}
