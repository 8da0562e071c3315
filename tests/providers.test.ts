import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, INVALID_CREDENTIALS } from "@/lib/accounts/authenticate";
import {
  confirmPassword,
  NO_PASSWORD,
  RECENT_SIGN_IN_MINUTES,
  SIGN_IN_AGAIN,
  WRONG_PASSWORD,
} from "@/lib/accounts/confirm-password";
import { changePassword } from "@/lib/accounts/self-service";
import { tokenResponse } from "@/lib/accounts/token-response";
import { registerUser } from "@/lib/accounts/register";
import type { TokenUser } from "@/lib/accounts/token-user";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RecentSignInRequiredError,
  UnauthorizedError,
  ValidationError,
} from "@/lib/errors";
import { removePasskey } from "@/lib/passkeys/passkeys";
import type { ProviderId } from "@/lib/providers/catalog";
import { LAST_WAY_TO_SIGN_IN } from "@/lib/providers/last-method";
import {
  connectProvider,
  disconnectProvider,
  LINKED_ELSEWHERE,
  providerLinks,
  type ProviderIdentity,
} from "@/lib/providers/links";
import { pendingSignUp, providerSignIn } from "@/lib/providers/sign-in";
import { completeProviderSignUp, PROVIDER_SIGN_UP_EXPIRED } from "@/lib/providers/sign-up";
import { startSession } from "@/lib/sessions/sessions";
import { json, newUser, startTestApp, type TestApp } from "./helpers/app";

/**
 * Sign-in with an identity provider, from the point where next-auth has vouched for the identity:
 * what a first and a later sign-in lead to, the sign-up that follows a first one, connecting and
 * disconnecting providers, and the rule that an account always keeps a way to sign in, against
 * the real database (races included).
 */

const MAX_FAILURES = 3;
const RACE_ROUNDS = 5;
const client = { ip: "203.0.113.40", userAgent: "providers-test" };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
});
afterAll(() => app.close());

const identity = (overrides: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
  provider: "github",
  providerAccountId: randomBytes(8).toString("hex"),
  emailVerified: true,
  ...overrides,
});

/** newUser's fields without the password: what /sign-up/complete submits. */
const signUpFields = (overrides: Record<string, unknown> = {}) => {
  const { username, phoneNumber, email } = newUser(overrides);
  return { username, phoneNumber, email };
};

async function signUpToken(who: ProviderIdentity): Promise<string> {
  const outcome = await providerSignIn(who, client);
  if (outcome.outcome !== "sign-up") throw new Error(`expected a sign-up, got ${outcome.outcome}`);
  return outcome.token;
}

/** A passwordless account made through a provider sign-up, linked to `who`. */
async function providerUser(who: ProviderIdentity = identity()): Promise<TokenUser> {
  return completeProviderSignUp(await signUpToken(who), signUpFields({ email: undefined }), client);
}

const passwordUser = (overrides: Record<string, unknown> = {}) => registerUser(newUser(overrides), client);

const eventsOf = (userId: string, type: string) =>
  app.db.securityEvent.findMany({ where: { userId, type }, select: { detail: true }, orderBy: { id: "asc" } });
const linksOf = (userId: string) => app.db.account.findMany({ where: { userId }, select: { provider: true } });
const challengeId = (token: string) => createHash("sha256").update(token).digest("base64url");
const verificationMails = (to: string) => app.db.outboxEmail.count({ where: { to, template: "email-verification" } });

async function addPasskeyRow(userId: string): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  await app.db.passkey.create({
    data: {
      id,
      userId,
      name: "Test key",
      publicKey: new Uint8Array(randomBytes(65)),
      counter: BigInt(0),
      transports: ["internal"],
      deviceType: "multiDevice",
      backedUp: true,
    },
  });
  return id;
}

/** Exactly one of the settled promises fulfilled; the other's reason is returned. */
function oneWonOneLost(results: PromiseSettledResult<unknown>[]): unknown {
  expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  return (results.find((result) => result.status === "rejected") as PromiseRejectedResult).reason;
}

describe("a first sign-in with a provider", () => {
  it("leads to a sign-up that makes a passwordless, linked account; the next sign-in signs that user in", async () => {
    const who = identity({ provider: "google", email: "Ada.Provider@Example.com", emailVerified: true });
    const token = await signUpToken(who);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await pendingSignUp(token)).toEqual(who);
    // Only the token's hash is kept, with the identity as its payload.
    const challenge = await app.db.authChallenge.findUniqueOrThrow({ where: { id: challengeId(token) } });
    expect(challenge).toMatchObject({ kind: "provider_sign_up", userId: null, payload: who });

    const fields = signUpFields({ email: "ada.provider@example.COM" });
    const user = await completeProviderSignUp(token, fields, client);
    expect(user).toMatchObject({ username: fields.username, email: fields.email, isActive: true });

    const row = await app.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(await verificationMails(fields.email)).toBe(0);

    expect(await app.db.account.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ provider: "google", providerAccountId: who.providerAccountId, access_token: null }),
    ]);
    expect(await eventsOf(user.id, "sign_up")).toHaveLength(1);
    expect(await eventsOf(user.id, "provider_linked")).toEqual([{ detail: { provider: "google" } }]);
    // The pending sign-up is used up.
    expect(await app.db.authChallenge.findUnique({ where: { id: challengeId(token) } })).toBeNull();
    expect(await pendingSignUp(token)).toBeUndefined();

    const again = await providerSignIn(who, client);
    expect(again).toMatchObject({ outcome: "signed-in", user: { id: user.id, username: fields.username } });
    expect(await providerLinks(user.id)).toEqual([{ provider: "google", linkedAt: expect.any(Date) }]);
  });

  it("leaves the e-mail unverified, with a code sent, when the provider has not proven it", async () => {
    const who = identity({ email: "unproven.address@example.com", emailVerified: false });
    const user = await completeProviderSignUp(
      await signUpToken(who),
      signUpFields({ email: "unproven.address@example.com" }),
      client,
    );
    const row = await app.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.emailVerified).toBeNull();
    expect(await verificationMails("unproven.address@example.com")).toBe(1);
  });

  it("leaves another address than the provider's unverified, with a code sent", async () => {
    const who = identity({ email: "proven.address@example.com", emailVerified: true });
    const user = await completeProviderSignUp(
      await signUpToken(who),
      signUpFields({ email: "typed.address@example.com" }),
      client,
    );
    const row = await app.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.emailVerified).toBeNull();
    expect(await verificationMails("typed.address@example.com")).toBe(1);
  });

  it("makes an account without an e-mail when none is typed, and sends nothing", async () => {
    const who = identity({ email: "left.out@example.com", emailVerified: true });
    const user = await completeProviderSignUp(await signUpToken(who), signUpFields({ email: undefined }), client);
    const row = await app.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ email: null, emailVerified: null, passwordHash: null });
    expect(await verificationMails("left.out@example.com")).toBe(0);
  });
});

describe("never joining by e-mail", () => {
  it.each([
    ["as written", (email: string) => email],
    ["in another case", (email: string) => email.toUpperCase()],
  ])(
    "refuses an unlinked identity with an existing account's e-mail (%s): no link, no pending sign-up",
    async (_, spelt) => {
      const owner = await passwordUser();
      const challengesBefore = await app.db.authChallenge.count({ where: { kind: "provider_sign_up" } });
      const who = identity({ provider: "oidc", email: spelt(owner.email!), emailVerified: true });

      expect(await providerSignIn(who, client)).toEqual({ outcome: "email-in-use" });
      expect(await app.db.account.count({ where: { providerAccountId: who.providerAccountId } })).toBe(0);
      expect(await app.db.account.count({ where: { userId: owner.id } })).toBe(0);
      expect(await app.db.authChallenge.count({ where: { kind: "provider_sign_up" } })).toBe(challengesBefore);
    },
  );
});

describe("the sign-up after a first sign-in", () => {
  it("checks the fields as sign-up does: every bad field reported together", async () => {
    const token = await signUpToken(identity());
    const error = await completeProviderSignUp(token, { username: "a", phoneNumber: "12" }, client).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["phoneNumber", "username"]);
    // A refused form leaves the sign-up pending.
    expect(await pendingSignUp(token)).toBeDefined();
  });

  it("refuses a taken username with a ConflictError naming it, and makes no account", async () => {
    const existing = await passwordUser();
    const token = await signUpToken(identity());
    const usersBefore = await app.db.user.count();
    const fields = signUpFields({ username: existing.username.toUpperCase(), email: undefined });
    const error = await completeProviderSignUp(token, fields, client).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(Object.keys((error as ConflictError).fieldErrors)).toEqual(["username"]);
    expect(await app.db.user.count()).toBe(usersBefore);
    expect(await pendingSignUp(token)).toBeDefined();
  });

  it("makes one account of a token used twice, one after the other", async () => {
    const who = identity();
    const token = await signUpToken(who);
    await completeProviderSignUp(token, signUpFields({ email: undefined }), client);
    const second = signUpFields({ email: undefined });
    const error = await completeProviderSignUp(token, second, client).catch((e) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toBe(PROVIDER_SIGN_UP_EXPIRED);
    expect(await app.db.user.count({ where: { username: second.username } })).toBe(0);
    expect(await app.db.account.count({ where: { providerAccountId: who.providerAccountId } })).toBe(1);
  });

  it("makes one account of a token used twice at once, with different usernames", async () => {
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const who = identity();
      const token = await signUpToken(who);
      const forms = [signUpFields({ email: undefined }), signUpFields({ email: undefined })];
      const results = await Promise.allSettled(forms.map((form) => completeProviderSignUp(token, form, client)));
      const reason = oneWonOneLost(results);
      expect(reason).toBeInstanceOf(UnauthorizedError);
      expect((reason as Error).message).toBe(PROVIDER_SIGN_UP_EXPIRED);
      expect(await app.db.user.count({ where: { username: { in: forms.map((form) => form.username) } } })).toBe(1);
      expect(await app.db.account.count({ where: { providerAccountId: who.providerAccountId } })).toBe(1);
    }
  });

  it("makes one account of two pending sign-ups of one identity", async () => {
    const who = identity();
    const [first, second] = [await signUpToken(who), await signUpToken(who)];
    await completeProviderSignUp(first, signUpFields({ email: undefined }), client);
    const form = signUpFields({ email: undefined });
    const error = await completeProviderSignUp(second, form, client).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(LINKED_ELSEWHERE);
    expect(await app.db.user.count({ where: { username: form.username } })).toBe(0);
  });

  it("refuses an unknown or expired token with UnauthorizedError", async () => {
    const unknown = randomBytes(32).toString("base64url");
    const error = await completeProviderSignUp(unknown, signUpFields(), client).catch((e) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toBe(PROVIDER_SIGN_UP_EXPIRED);

    const token = await signUpToken(identity());
    await app.db.authChallenge.update({
      where: { id: challengeId(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await pendingSignUp(token)).toBeUndefined();
    const form = signUpFields({ email: undefined });
    const expired = await completeProviderSignUp(token, form, client).catch((e) => e);
    expect(expired).toBeInstanceOf(UnauthorizedError);
    expect((expired as Error).message).toBe(PROVIDER_SIGN_UP_EXPIRED);
    expect(await app.db.user.count({ where: { username: form.username } })).toBe(0);
  });
});

describe("a linked user who may not sign in", () => {
  it.each([
    ["inactive", { isActive: false }],
    ["deleted", { deletedAt: new Date() }],
  ])("is refused when %s, with a sign_in_failed event", async (_, change) => {
    const who = identity({ provider: "oidc" });
    const user = await providerUser(who);
    await app.db.user.update({ where: { id: user.id }, data: change });
    expect(await providerSignIn(who, client)).toEqual({ outcome: "refused" });
    expect(await eventsOf(user.id, "sign_in_failed")).toEqual([
      { detail: { reason: "inactive or deleted", provider: "oidc" } },
    ]);
  });
});

describe("connecting and disconnecting providers", () => {
  it("links an identity to a password user once; another user cannot connect it; disconnecting unlinks it", async () => {
    const user = await passwordUser();
    const who = identity({ provider: "github" });
    await connectProvider(user.id, who, client);
    expect(await linksOf(user.id)).toEqual([{ provider: "github" }]);
    expect(await eventsOf(user.id, "provider_linked")).toEqual([{ detail: { provider: "github" } }]);
    expect(await providerSignIn(who, client)).toMatchObject({ outcome: "signed-in", user: { id: user.id } });

    const other = await passwordUser();
    const error = await connectProvider(other.id, who, client).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(LINKED_ELSEWHERE);
    expect(await linksOf(other.id)).toEqual([]);
    expect(await eventsOf(other.id, "provider_linked")).toEqual([]);

    await disconnectProvider(user.id, "github", client);
    expect(await linksOf(user.id)).toEqual([]);
    expect(await eventsOf(user.id, "provider_unlinked")).toEqual([{ detail: { provider: "github" } }]);
    expect((await providerSignIn(who, client)).outcome).toBe("sign-up");
  });

  it("answers NotFoundError for a provider that is not connected, and records nothing", async () => {
    const user = await passwordUser();
    await connectProvider(user.id, identity({ provider: "google" }), client);
    const error = await disconnectProvider(user.id, "github", client).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await eventsOf(user.id, "provider_unlinked")).toEqual([]);
    expect(await linksOf(user.id)).toEqual([{ provider: "google" }]);
  });
});

describe("the last way to sign in", () => {
  const expectLastWay = (error: unknown) => {
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(LAST_WAY_TO_SIGN_IN);
  };

  it("cannot be disconnected: a passwordless user's only provider stays", async () => {
    const user = await providerUser(identity({ provider: "google" }));
    expectLastWay(await disconnectProvider(user.id, "google", client).catch((e) => e));
    expect(await linksOf(user.id)).toEqual([{ provider: "google" }]);
    expect(await eventsOf(user.id, "provider_unlinked")).toEqual([]);
  });

  // Several rounds: a race that slips through now and then must still be caught by one run.
  it("of two providers disconnected at once, one goes and one stays", async () => {
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const user = await providerUser(identity({ provider: "github" }));
      await connectProvider(user.id, identity({ provider: "oidc" }), client);
      const providers: ProviderId[] = ["github", "oidc"];
      const results = await Promise.allSettled(
        providers.map((provider) => disconnectProvider(user.id, provider, client)),
      );
      expectLastWay(oneWonOneLost(results));
      expect(await linksOf(user.id)).toHaveLength(1);
      expect(await eventsOf(user.id, "provider_unlinked")).toHaveLength(1);
    }
  });

  it("of a provider and a passkey removed at once, one goes and one stays", async () => {
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const user = await providerUser(identity({ provider: "github" }));
      const passkeyId = await addPasskeyRow(user.id);
      const results = await Promise.allSettled([
        disconnectProvider(user.id, "github", client),
        removePasskey(user.id, passkeyId, client),
      ]);
      expectLastWay(oneWonOneLost(results));
      const left = (await linksOf(user.id)).length + (await app.db.passkey.count({ where: { userId: user.id } }));
      expect(left).toBe(1);
    }
  });

  it("lets a passwordless user remove a passkey while a provider stays, but not the passkey left alone", async () => {
    const user = await providerUser(identity({ provider: "oidc" }));
    const passkeyId = await addPasskeyRow(user.id);
    await removePasskey(user.id, passkeyId, client);
    expect(await app.db.passkey.count({ where: { userId: user.id } })).toBe(0);

    const lastKey = await addPasskeyRow(user.id);
    await disconnectProvider(user.id, "oidc", client);
    expectLastWay(await removePasskey(user.id, lastKey, client).catch((e) => e));
    expect(await app.db.passkey.count({ where: { userId: user.id } })).toBe(1);
  });

  it("lets a password user disconnect their only provider", async () => {
    const user = await passwordUser();
    await connectProvider(user.id, identity({ provider: "google" }), client);
    await disconnectProvider(user.id, "google", client);
    expect(await linksOf(user.id)).toEqual([]);
  });
});

describe("a passwordless user and passwords", () => {
  it.each(["", "anything at all", "green-meadow-0001-lamp"])(
    "cannot sign in with a password (%j)",
    async (password) => {
      const user = await providerUser();
      const error = await authenticate({ identifier: user.username, password }, client).catch((e) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as Error).message).toBe(INVALID_CREDENTIALS);
    },
  );

  it("is told to set a password when one is asked again, and no attempt counts toward a lockout", async () => {
    const user = await providerUser();
    const sessionUser = { ...user, sessionId: "no-session" };
    for (let i = 0; i <= MAX_FAILURES + 1; i++) {
      const error = await confirmPassword(sessionUser, "some-guess", client).catch((e) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toBe(NO_PASSWORD);
    }
    expect(await eventsOf(user.id, "sign_in_failed")).toEqual([]);
    expect(await eventsOf(user.id, "lockout")).toEqual([]);
  });

  it("unlike a password user, whose wrong password counts", async () => {
    const user = await passwordUser();
    const error = await confirmPassword({ ...user, sessionId: "no-session" }, "not-the-password", client).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe(WRONG_PASSWORD);
    expect(await eventsOf(user.id, "sign_in_failed")).toEqual([
      { detail: { reason: "wrong password", step: "confirm" } },
    ]);
  });
});

describe("a passwordless user's first password", () => {
  const newPassword = "quiet-harbour-0417-lamp";
  /** A session of `user` begun `minutesAgo` minutes ago, as a provider sign-in starts one. */
  async function sessionOf(user: TokenUser, minutesAgo = 0) {
    const sessionId = await startSession(user, "browser", client, "github");
    if (minutesAgo > 0) {
      await app.db.session.update({
        where: { id: sessionId },
        data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) },
      });
    }
    return { ...user, sessionId };
  }
  const signsInWith = async (user: TokenUser, password: string) =>
    (await authenticate({ identifier: user.username, password }, client).catch(() => undefined))?.id === user.id;

  it("is set without a current password soon after signing in; then the password signs in too", async () => {
    const user = await providerUser();
    const session = await sessionOf(user, RECENT_SIGN_IN_MINUTES - 1);
    const changed = await changePassword(session, { newPassword }, client);
    expect(changed.tokenVersion).toBe(user.tokenVersion + 1);
    expect(await signsInWith(user, newPassword)).toBe(true);
    expect(await eventsOf(user.id, "password_changed")).toEqual([{ detail: { first: true } }]);
    // Now that there is one, it is asked like any password.
    const again = await sessionOf(changed);
    await expect(changePassword(again, { newPassword: "other-harbour-0418-lamp" }, client)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it.each([
    ["a session begun too long ago", RECENT_SIGN_IN_MINUTES + 1],
    ["a session that does not exist", undefined],
  ])("is refused for %s, and nothing is set", async (_, minutesAgo) => {
    const user = await providerUser();
    const session = minutesAgo === undefined ? { ...user, sessionId: "no-session" } : await sessionOf(user, minutesAgo);
    const error = await changePassword(session, { newPassword }, client).catch((e) => e);
    expect(error).toBeInstanceOf(RecentSignInRequiredError);
    expect((error as Error).message).toBe(SIGN_IN_AGAIN);
    expect(await signsInWith(user, newPassword)).toBe(false);
    expect(await eventsOf(user.id, "password_changed")).toEqual([]);
  });

  it("follows the password rules, with the errors beside the new password", async () => {
    const user = await providerUser();
    const error = await changePassword(await sessionOf(user), { newPassword: "password1" }, client).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors)).toEqual(["newPassword"]);
  });

  it("of two set at once, one is set and the other session has ended", async () => {
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const user = await providerUser();
      const [a, b] = [await sessionOf(user), await sessionOf(user)];
      const passwords = ["first-harbour-0419-lamp", "second-harbour-0420-lamp"];
      const results = await Promise.allSettled([
        changePassword(a, { newPassword: passwords[0] }, client),
        changePassword(b, { newPassword: passwords[1] }, client),
      ]);
      const won = results.findIndex((result) => result.status === "fulfilled");
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((results[1 - won] as PromiseRejectedResult).reason).toBeInstanceOf(UnauthorizedError);
      expect(await signsInWith(user, passwords[won])).toBe(true);
      expect(await signsInWith(user, passwords[1 - won])).toBe(false);
    }
  });

  it("over the API: PUT /api/account/password without currentPassword gives a new token", async () => {
    const user = await providerUser();
    const { accessToken } = await tokenResponse(user, client, "github");
    const response = await app.call("PUT", "/api/account/password", { token: accessToken, body: { newPassword } });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(typeof body.accessToken).toBe("string");
    expect(await signsInWith(user, newPassword)).toBe(true);
    expect((await app.call("GET", "/api/auth/me", { token: accessToken })).status).toBe(401);
  });
});
