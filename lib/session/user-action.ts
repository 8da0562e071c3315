import { redirect } from "next/navigation";
import type { SessionUser } from "@/lib/accounts/token-user";
import { ForbiddenError, RecentSignInRequiredError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/events/types";
import type { PolicyName } from "@/lib/rate-limit";
import { getSessionUser } from "@/lib/session/current-user";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";

/**
 * runAction for the signed-in user's own server actions: the session is checked on the server
 * for every call (a rendered button proves nothing); one that has ended goes to sign-in.
 */
export function userAction(
  options: { rateLimit?: PolicyName; returnTo: string },
  fn: (user: SessionUser, client: ClientInfo) => Promise<FormState | void>,
): Promise<FormState> {
  return runAction({ rateLimit: options.rateLimit }, async ({ client }) => {
    const user = await getSessionUser();
    if (!user) redirect(`/sign-in?next=${encodeURIComponent(options.returnTo)}`);
    return fn(user, client);
  });
}

/**
 * A wrong re-asked password (ForbiddenError) as an error beside the password field, where the
 * person is looking; anything else (a sign-in that is not recent enough too) goes on to
 * runAction's mapping.
 */
export function besidePasswordField(field: string, error: unknown): FormState {
  if (error instanceof ForbiddenError && !(error instanceof RecentSignInRequiredError)) {
    return { fieldErrors: { [field]: [error.message] } };
  }
  throw error;
}
