import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import {
  ConflictError,
  LockedOutError,
  RateLimitedError,
  ServiceUnavailableError,
  ValidationError,
} from "@/lib/errors";
import { knownFailure } from "@/lib/known-failure";
import type { ClientInfo } from "@/lib/events/types";
import { clientInfo } from "@/lib/http/client-ip";
import { logger, withRequestContext } from "@/lib/log";
import { assertRateLimitRecorded } from "@/lib/events/rate-limited";
import type { PolicyName } from "@/lib/rate-limit";
import { describeWait, type FormState } from "@/lib/session/form-state";

/**
 * The server actions' counterpart of withApi: a request id for the logs, the client IP, the
 * endpoint's rate limit (the same named policy as its route), and domain failures turned into form state, so the browser gets the same rules and messages as
 * the API. Next's redirects pass through untouched.
 */
export async function runAction(
  options: { rateLimit?: PolicyName },
  fn: (ctx: { ip: string; client: ClientInfo }) => Promise<FormState | void>,
): Promise<FormState> {
  const client = clientInfo(await headers());
  const ip = client.ip;
  return withRequestContext(randomUUID(), async () => {
    try {
      if (options.rateLimit) await assertRateLimitRecorded(options.rateLimit, client);
      return (await fn({ ip, client })) ?? {};
    } catch (error) {
      unstable_rethrow(error);
      return formStateFor(error);
    }
  });
}

/** The form's answer to a failure: the same mapping as the API's (lib/known-failure.ts), as form state. */
export function formStateFor(error: unknown): FormState {
  const failure = knownFailure(error);
  if (!failure) {
    logger.error({ err: error }, "unhandled error in a server action");
    return { formError: "Something went wrong on our side. Try again." };
  }
  if (failure instanceof ValidationError || failure instanceof ConflictError) {
    return Object.keys(failure.fieldErrors).length > 0
      ? { fieldErrors: failure.fieldErrors }
      : { formError: failure.message };
  }
  if (failure instanceof LockedOutError) {
    const wait = describeWait(failure.retryAfterSeconds);
    return { formError: `Too many attempts. Try again in ${wait}, or reset your password to sign in now.` };
  }
  if (failure instanceof RateLimitedError) {
    return { formError: `Too many attempts. Try again in ${describeWait(failure.retryAfterSeconds)}.` };
  }
  if (failure instanceof ServiceUnavailableError) {
    logger.error({ err: error, part: failure.part }, "dependency failure");
    // Only sign-in refuses when the rate-limit store is down; anything may when the database is.
    const what = failure.part === "rateLimiter" ? "Sign-in is" : "This is";
    return { formError: `${what} temporarily unavailable. Try again in a moment.` };
  }
  return { formError: failure.message };
}

/** Only same-site paths may be redirect targets, so ?next= cannot send people elsewhere. */
export function safeReturnPath(next: unknown, fallback = "/account"): string {
  return typeof next === "string" && /^\/(?!\/|\\)/.test(next) ? next : fallback;
}
