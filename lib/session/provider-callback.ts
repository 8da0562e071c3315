import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { z } from "zod";
import { userForClaims } from "@/lib/accounts/token-user";
import { knownFailure } from "@/lib/known-failure";
import { ConflictError } from "@/lib/errors";
import { clientInfo } from "@/lib/http/client-ip";
import { logger, withRequestContext } from "@/lib/log";
import { isProviderId, providerCallbackUrl, type ProviderId } from "@/lib/providers/catalog";
import { connectProvider } from "@/lib/providers/links";
import { providerSignIn } from "@/lib/providers/sign-in";
import { startBrowserSession } from "@/lib/session/browser-sign-in";
import { mfaCookie, providerFlowCookie, providerSignUpCookie } from "@/lib/session/flow-cookie";
import { signIn } from "@/lib/session/next-auth";
import { identityFromProvider } from "@/lib/session/oauth-providers";
import { safeReturnPath } from "@/lib/session/run-action";
import { startMfaSignIn } from "@/lib/two-factor/mfa-sign-in";

/**
 * What a provider sign-in was started for, kept in a cookie from the start to the callback:
 * signing in (and where to go after), or connecting the provider to the signed-in session that
 * asked. Only the app sets it (httpOnly), and the callback checks the session is still that one.
 */
const flowSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign-in"), next: z.string().optional() }),
  z.object({ intent: z.literal("connect"), userId: z.string(), sessionId: z.string() }),
]);
export type ProviderFlow = z.output<typeof flowSchema>;

/** How long the provider may take between the start and the callback. */
const FLOW_TTL_SECONDS = 10 * 60;

/**
 * Sends the browser to `provider` (next-auth sets its state, PKCE and nonce cookies), remembering
 * what for. The redirect_uri is APP_URL's, as the callback's is (lib/session/next-auth-routes.ts):
 * next-auth would build it from the request's Host.
 */
export async function goToProvider(provider: ProviderId, flow: ProviderFlow): Promise<never> {
  await providerFlowCookie.set(JSON.stringify(flow), FLOW_TTL_SECONDS);
  await signIn(provider, undefined, { redirect_uri: providerCallbackUrl(provider) });
  throw new Error("next-auth's signIn redirects");
}

async function takeProviderFlow(): Promise<ProviderFlow> {
  const raw = await providerFlowCookie.read();
  await providerFlowCookie.delete();
  try {
    const parsed = flowSchema.safeParse(raw ? JSON.parse(raw) : undefined);
    if (parsed.success) return parsed.data;
  } catch {
    // A cookie that is not ours to read is no flow at all: sign in.
  }
  return { intent: "sign-in" };
}

/** Where /sign-in explains a provider sign-in that did not end signed in (its `error` codes). */
const signInError = (code: string, provider?: string) =>
  `/sign-in?${new URLSearchParams(provider ? { error: code, provider } : { error: code })}`;

/**
 * The end of every provider sign-in, called by next-auth's signIn callback once the provider has
 * vouched for the identity: decides what it leads to (lib/providers/sign-in.ts), sets the cookies
 * of the next step, and returns the path to send the browser to. next-auth then redirects there,
 * so it never creates a user or a link itself.
 */
export async function finishProviderSignIn(
  provider: string,
  providerAccountId: string,
  profile: Record<string, unknown> | undefined,
): Promise<string> {
  const client = clientInfo(await headers());
  return withRequestContext(randomUUID(), async () => {
    if (!isProviderId(provider)) return signInError("provider");
    const identity = identityFromProvider(provider, providerAccountId, profile);
    try {
      const flow = await takeProviderFlow();
      if (flow.intent === "connect") {
        const user = await userForClaims({ userId: flow.userId, sessionId: flow.sessionId });
        if (!user) return signInError("session-ended", provider);
        await connectProvider(user.id, identity, client);
        return `/account/security?connected=${provider}`;
      }
      const result = await providerSignIn(identity, client);
      if (result.outcome === "refused") return signInError("refused");
      if (result.outcome === "email-in-use") return signInError("email-in-use", provider);
      if (result.outcome === "sign-up") {
        await providerSignUpCookie.set(result.token, result.expiresIn);
        return "/sign-up/complete";
      }
      const returnTo = safeReturnPath(flow.next);
      if (result.user.mfaEnabled) {
        const { mfaToken, expiresIn } = await startMfaSignIn(result.user);
        await mfaCookie.set(mfaToken, expiresIn);
        return returnTo === "/account" ? "/sign-in/verify" : `/sign-in/verify?next=${encodeURIComponent(returnTo)}`;
      }
      await startBrowserSession(result.user, client, provider);
      return returnTo;
    } catch (error) {
      if (knownFailure(error) instanceof ConflictError) return `/account/security?error=linked-elsewhere`;
      logger.error({ err: error, provider }, "provider sign-in failed");
      return signInError("provider");
    }
  });
}
