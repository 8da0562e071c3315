import { redirect } from "next/navigation";
import { issueLoginTicket } from "@/lib/accounts/access-token";
import type { TokenUser } from "@/lib/accounts/token-user";
import type { ClientInfo } from "@/lib/events/types";
import { signIn } from "@/lib/session/next-auth";
import { startSession, type SignInMethod } from "@/lib/sessions/sessions";

/**
 * Signs the browser in as `user`, already verified: a new browser session in the registry, and
 * next-auth's cookie naming it (set on the response of the action or route that calls this).
 */
export async function startBrowserSession(user: TokenUser, client: ClientInfo, method?: SignInMethod): Promise<void> {
  const sessionId = await startSession(user, "browser", client, method);
  const ticket = await issueLoginTicket({ userId: user.id, sessionId });
  await signIn("credentials", { ticket, redirect: false });
}

/** startBrowserSession, then Next's redirect to `redirectTo` (it throws, as redirects do). */
export async function signInBrowser(
  user: TokenUser,
  client: ClientInfo,
  redirectTo: string,
  method?: SignInMethod,
): Promise<never> {
  await startBrowserSession(user, client, method);
  redirect(redirectTo);
}
