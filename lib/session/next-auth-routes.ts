import { config } from "@/lib/config";
import { RateLimitedError, ServiceUnavailableError } from "@/lib/errors";
import { assertRateLimitRecorded } from "@/lib/events/rate-limited";
import { clientInfo } from "@/lib/http/client-ip";
import { isProviderCallback } from "@/lib/http/next-auth-paths";
import { handlers } from "@/lib/session/next-auth";

/**
 * next-auth's routes (lib/http/next-auth-paths.ts), with the sign-in rate limit in front of each
 * provider's callback: every sign-in with a provider ends there, so each one counts once, as a
 * password sign-in does. A refusal is a browser's navigation, so it is a redirect to /sign-in
 * saying why, not a JSON problem.
 */
export async function serveNextAuth(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (isProviderCallback(pathname)) {
    try {
      await assertRateLimitRecorded("login", clientInfo(request.headers));
    } catch (error) {
      if (error instanceof RateLimitedError) return seeSignIn("rate-limited");
      if (error instanceof ServiceUnavailableError) return seeSignIn("unavailable");
      throw error;
    }
  }
  // next-auth's handlers take Next's request type; they read only what a Request has.
  type NextAuthRequest = Parameters<typeof handlers.GET>[0];
  if (request.method === "POST") return handlers.POST(request as NextAuthRequest);
  // At APP_URL's origin, whatever Host came: next-auth sends the provider the redirect_uri made
  // from it, which must be the one the sign-in started with (lib/session/provider-callback.ts).
  const { search } = new URL(request.url);
  const atAppUrl = new Request(new URL(pathname + search, config().appUrl), { headers: request.headers });
  return handlers.GET(atAppUrl as NextAuthRequest);
}

const seeSignIn = (error: string) =>
  new Response(null, { status: 303, headers: { location: `/sign-in?error=${error}`, "cache-control": "no-store" } });
