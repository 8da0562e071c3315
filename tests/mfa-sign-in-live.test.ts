import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mfaSignInIsLive } from "@/lib/two-factor/mfa-sign-in";
import { totpCode } from "@/lib/two-factor/totp";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";

/**
 * mfaSignInIsLive: the browser's second step asks it after a refused code, to tell "sign in again"
 * from "wrong code". It must agree with finishMfaSignIn about which tokens can still sign in, and
 * asking must not use up a try.
 */

const MAX_FAILURES = 3;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
});
afterAll(() => app.close());

const call = (method: string, path: string, token?: string, body?: unknown, ip = freshIp()) =>
  app.call(method, path, { token, body, ip });

/** A user with the app on, and a fresh mfaToken from their password. */
async function waitingSignIn() {
  const user = newUser();
  const registered = await json(await call("POST", "/api/auth/register", undefined, user));
  const token = registered.accessToken as string;
  const { secret } = (await json(await call("POST", "/api/account/mfa/totp", token, { password: user.password }))) as {
    secret: string;
  };
  expect((await call("POST", "/api/account/mfa/totp/confirm", token, { code: totpCode(secret) })).status).toBe(200);
  const login = await json(
    await call("POST", "/api/auth/login", undefined, { identifier: user.username, password: user.password }),
  );
  return {
    user,
    userId: (registered.user as { id: string }).id,
    secret,
    mfaToken: login.mfaToken as string,
  };
}

const wrong = (secret: string) => String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, "0");

describe("mfaSignInIsLive", () => {
  it("is true for a waiting sign-in, through wrong codes, until the last try; asking costs no try", async () => {
    const { secret, mfaToken } = await waitingSignIn();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect(await mfaSignInIsLive(mfaToken)).toBe(true);
    for (let failure = 1; failure <= MAX_FAILURES; failure++) {
      const refused = await call("POST", "/api/auth/login/mfa", undefined, { mfaToken, code: wrong(secret) }, ip);
      expect(refused.status).toBe(401);
      expect(await mfaSignInIsLive(mfaToken)).toBe(failure < MAX_FAILURES);
    }
  });

  it("is false once the sign-in is finished, for an unknown token, and after a password reset's new token version", async () => {
    const finished = await waitingSignIn();
    const code = totpCode(finished.secret, Date.now() + 30_000);
    const signedIn = await call("POST", "/api/auth/login/mfa", undefined, { mfaToken: finished.mfaToken, code });
    expect(signedIn.status).toBe(200);
    expect(await mfaSignInIsLive(finished.mfaToken)).toBe(false);
    expect(await mfaSignInIsLive("not-a-token")).toBe(false);

    const waiting = await waitingSignIn();
    await app.db.user.update({ where: { id: waiting.userId }, data: { tokenVersion: { increment: 1 } } });
    expect(await mfaSignInIsLive(waiting.mfaToken)).toBe(false);
  });

  it("is false once the token has expired", async () => {
    const { mfaToken } = await waitingSignIn();
    await app.db.authChallenge.updateMany({
      where: { kind: "mfa_sign_in" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await mfaSignInIsLive(mfaToken)).toBe(false);
  });
});
