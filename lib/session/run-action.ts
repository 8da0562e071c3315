import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { ZodError } from "zod";
import {
  ConflictError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { clientIp } from "@/lib/http/client-ip";
import { logger, withRequestContext } from "@/lib/log";
import { assertRateLimit, type PolicyName } from "@/lib/rate-limit";
import { describeWait, type FormState } from "@/lib/session/form-state";
import { fieldErrorsOf } from "@/lib/validation/issues";

/**
 * The server actions' counterpart of withApi: a request id for the logs, the client IP, the
 * endpoint's rate limit (the same named policy as its route), and domain failures turned into form state, so the browser gets the same rules and messages as
 * the API. Next's redirects pass through untouched.
 */
export async function runAction(
  options: { rateLimit?: PolicyName },
  fn: (ctx: { ip: string }) => Promise<FormState | void>,
): Promise<FormState> {
  const ip = clientIp(await headers());
  return withRequestContext(randomUUID(), async () => {
    try {
      if (options.rateLimit) await assertRateLimit(options.rateLimit, ip);
      return (await fn({ ip })) ?? {};
    } catch (error) {
      unstable_rethrow(error);
      return formStateFor(error);
    }
  });
}

export function formStateFor(error: unknown): FormState {
  if (error instanceof ValidationError || error instanceof ConflictError) return { fieldErrors: error.fieldErrors };
  if (error instanceof ZodError) return { fieldErrors: fieldErrorsOf(error, "form") };
  if (error instanceof UnauthorizedError) return { formError: error.message };
  if (error instanceof RateLimitedError) {
    return { formError: `Too many attempts. Try again in ${describeWait(error.retryAfterSeconds)}.` };
  }
  if (error instanceof ServiceUnavailableError || isDatabaseUnavailable(error)) {
    const part = error instanceof ServiceUnavailableError ? error.part : "database";
    logger.error({ err: error, part }, "dependency failure");
    // Only sign-in refuses when the rate-limit store is down; anything may when the database is.
    const what = part === "rateLimiter" ? "Sign-in is" : "This is";
    return { formError: `${what} temporarily unavailable. Try again in a moment.` };
  }
  logger.error({ err: error }, "unhandled error in a server action");
  return { formError: "Something went wrong on our side. Try again." };
}

/** Only same-site paths may be redirect targets, so ?next= cannot send people elsewhere. */
export function safeReturnPath(next: unknown, fallback = "/account"): string {
  return typeof next === "string" && /^\/(?!\/|\\)/.test(next) ? next : fallback;
}
