import { cookies, headers } from "next/headers";

/**
 * The browser's mfaToken between the password and the code: httpOnly (no script reads it), only
 * sent to /sign-in pages, and gone when the token expires.
 */

const NAME = "mfa";
const PATH = "/sign-in";

export async function setMfaCookie(mfaToken: string, maxAgeSeconds: number): Promise<void> {
  // Secure over https, as next-auth's own cookies (behind a proxy, per X-Forwarded-Proto).
  const proto = (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim();
  (await cookies()).set(NAME, mfaToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: proto === "https",
    path: PATH,
    maxAge: maxAgeSeconds,
  });
}

export async function readMfaCookie(): Promise<string | undefined> {
  return (await cookies()).get(NAME)?.value || undefined;
}

export async function deleteMfaCookie(): Promise<void> {
  (await cookies()).delete({ name: NAME, path: PATH });
}
