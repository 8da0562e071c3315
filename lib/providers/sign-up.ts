import { consumeChallenge } from "@/lib/accounts/auth-challenge";
import { createAccount, parseProviderSignUp } from "@/lib/accounts/register";
import type { TokenUser } from "@/lib/accounts/token-user";
import { UnauthorizedError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/events/types";
import { linkProvider } from "./links";
import { pendingSignUp } from "./sign-in";

export const PROVIDER_SIGN_UP_EXPIRED = "This sign-up has expired. Continue with your provider again.";

/**
 * Finishes a first sign-in with a provider: an account with the chosen username, phone number
 * and e-mail (checked as sign-up checks them), no password, and the identity linked to it, all in
 * one transaction that also uses up the pending sign-up (of two submissions, one account). The
 * e-mail counts as verified only when it is the address the provider gave and said it had proven;
 * any other address gets a verification code, as at sign-up.
 */
export async function completeProviderSignUp(token: string, input: unknown, client: ClientInfo): Promise<TokenUser> {
  const identity = await pendingSignUp(token);
  if (!identity) throw new UnauthorizedError(PROVIDER_SIGN_UP_EXPIRED);
  const { username, phoneNumber, email } = await parseProviderSignUp(input);
  const emailVerified = Boolean(
    email && identity.emailVerified && identity.email?.toLowerCase() === email.toLowerCase(),
  );
  return createAccount(
    { username, phoneNumber, email, passwordHash: null, emailVerified },
    client,
    async (tx, user) => {
      if (!(await consumeChallenge(tx, "provider_sign_up", token)))
        throw new UnauthorizedError(PROVIDER_SIGN_UP_EXPIRED);
      await linkProvider(tx, user.id, identity, client);
    },
  );
}
