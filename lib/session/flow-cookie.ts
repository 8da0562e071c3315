import { cookies, headers } from "next/headers";

/**
 * Cookies that carry a sign-in flow's server-side token from one step to the next: httpOnly (no
 * script reads them), sent only to the pages of their step, and gone when the token expires.
 */
export type FlowCookie = {
  set(value: string, maxAgeSeconds: number): Promise<void>;
  read(): Promise<string | undefined>;
  delete(): Promise<void>;
};

function flowCookie(name: string, path: string): FlowCookie {
  return {
    async set(value, maxAgeSeconds) {
      // Secure over https, as next-auth's own cookies (behind a proxy, per X-Forwarded-Proto).
      const proto = (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim();
      (await cookies()).set(name, value, {
        httpOnly: true,
        sameSite: "lax",
        secure: proto === "https",
        path,
        maxAge: maxAgeSeconds,
      });
    },
    async read() {
      return (await cookies()).get(name)?.value || undefined;
    },
    async delete() {
      (await cookies()).delete({ name, path });
    },
  };
}

/** A password sign-in's mfaToken, between the password and the code. */
export const mfaCookie = flowCookie("mfa", "/sign-in");

/** A first sign-in with a provider, between the provider and /sign-up/complete. */
export const providerSignUpCookie = flowCookie("provider-sign-up", "/sign-up");

/**
 * What a provider sign-in was started for (sign in and where to go after, or connect to the
 * signed-in session), read back by the provider's callback.
 */
export const providerFlowCookie = flowCookie("provider-flow", "/api/auth/callback");
