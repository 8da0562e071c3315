import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSKEY_SIGN_IN_FAILED, PASSKEY_TAKEN } from "@/lib/passkeys";
import { memberSession } from "./helpers/admin";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";
import { SoftAuthenticator, type Bend } from "./helpers/soft-authenticator";

/**
 * Passkeys through the real API app and PostgreSQL: a software authenticator (ES256, "none"
 * attestation) plays the browser and its platform authenticator, answering the options the app
 * hands out. APP_URL is not the default, so the relying party and origin come from it.
 */

const ORIGIN = "https://id.example.test:8443";
const RP_ID = "id.example.test";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ APP_URL: `${ORIGIN}/ignored/path` });
});
afterAll(() => app.close());

type Member = Awaited<ReturnType<typeof memberSession>>;
type PasskeyJson = { id: string; name: string; createdAt: string; lastUsedAt: string | null };
type Options = { challenge: string; rp: { id: string }; user: { id: string }; rpId?: string };

const call = (method: string, path: string, token?: string, body?: unknown) =>
  app.call(method, path, { token, body, ip: freshIp() });

async function creationOptions(member: Member): Promise<Options> {
  const response = await call("POST", "/api/account/passkeys/options", member.token);
  expect(response.status).toBe(200);
  return (await response.json()) as Options;
}

async function requestOptions(): Promise<Options> {
  const response = await call("POST", "/api/auth/passkey/options");
  expect(response.status).toBe(200);
  return (await response.json()) as Options;
}

/** Adds a passkey for `member` with `authenticator`; the raw response. */
async function addPasskey(member: Member, authenticator: SoftAuthenticator, name?: string, bend?: Bend) {
  const response = authenticator.register(await creationOptions(member), bend);
  return call("POST", "/api/account/passkeys", member.token, { response, ...(name === undefined ? {} : { name }) });
}

async function withPasskey(name?: string) {
  const member = await memberSession(app);
  const authenticator = new SoftAuthenticator(ORIGIN);
  const added = await addPasskey(member, authenticator, name);
  expect(added.status).toBe(201);
  const { passkey } = (await added.json()) as { passkey: PasskeyJson };
  return { member, authenticator, passkey };
}

const signIn = async (authenticator: SoftAuthenticator, bend?: Bend) =>
  call("POST", "/api/auth/passkey/verify", undefined, { response: authenticator.signIn(await requestOptions(), bend) });

async function expectRefused(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = await json(response);
  expect(body.detail).toBe(PASSKEY_SIGN_IN_FAILED);
  expect(body).not.toHaveProperty("accessToken");
}

const passkeysOf = async (member: Member) =>
  (await json(await call("GET", "/api/account/passkeys", member.token))).items as PasskeyJson[];

const eventsOf = (userId: string, type: string) =>
  app.db.securityEvent.findMany({ where: { userId, type }, select: { detail: true } });

describe("options", () => {
  it("to add a passkey: the caller's user handle, a discoverable credential with user verification, their passkeys excluded", async () => {
    const { member, passkey } = await withPasskey();
    const options = (await creationOptions(member)) as Options & Record<string, unknown>;
    expect(options.rp).toEqual({ id: RP_ID, name: RP_ID });
    expect(options.user).toMatchObject({ id: Buffer.from(member.id).toString("base64url"), name: member.username });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.excludeCredentials).toEqual([expect.objectContaining({ id: passkey.id, type: "public-key" })]);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(options.timeout).toBe(300_000);
  });

  it("to sign in: no credentials named (discoverable), user verification required, a new challenge each time", async () => {
    const first = (await requestOptions()) as Options & Record<string, unknown>;
    const second = await requestOptions();
    expect(first.rpId).toBe(RP_ID);
    expect(first.userVerification).toBe("required");
    expect(first.allowCredentials ?? []).toEqual([]);
    expect(first.challenge).not.toBe(second.challenge);
  });

  it("need a signed-in caller to add a passkey", async () => {
    const response = await call("POST", "/api/account/passkeys/options");
    expect(response.status).toBe(401);
    expect((await call("GET", "/api/account/passkeys")).status).toBe(401);
  });
});

describe("adding, listing, renaming", () => {
  it("saves a verified passkey at once, with the name given, and lists it", async () => {
    const { member, passkey } = await withPasskey("Work laptop");
    expect(passkey).toEqual({
      id: expect.any(String),
      name: "Work laptop",
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    expect(await passkeysOf(member)).toEqual([passkey]);
    const [row] = await app.db.passkey.findMany({ where: { userId: member.id } });
    expect(row).toMatchObject({ id: passkey.id, counter: 0n, transports: ["internal"], backedUp: false });
  });

  it("names a passkey without a name after the day it was added", async () => {
    const { passkey } = await withPasskey();
    expect(passkey.name).toBe(`Passkey (${new Date().toISOString().slice(0, 10)})`);
    const { passkey: blank } = await withPasskey("   ");
    expect(blank.name).toMatch(/^Passkey \(/);
  });

  it("renames the caller's own passkey; an empty or long name is a 400 beside the field", async () => {
    const { member, passkey } = await withPasskey();
    const renamed = await call("PATCH", `/api/account/passkeys/${passkey.id}`, member.token, { name: " Phone " });
    expect(renamed.status).toBe(200);
    expect((await json(renamed)).passkey).toEqual({ ...passkey, name: "Phone" });
    expect((await passkeysOf(member))[0].name).toBe("Phone");

    for (const name of ["", "x".repeat(65)]) {
      const refused = await call("PATCH", `/api/account/passkeys/${passkey.id}`, member.token, { name });
      expect(refused.status).toBe(400);
      expect((await json(refused)).errors).toHaveProperty("name");
    }
  });

  it("records passkey_added with the passkey's id and name, and never its key", async () => {
    const { member, passkey } = await withPasskey("Desk key");
    const events = await eventsOf(member.id, "passkey_added");
    expect(events).toEqual([{ detail: { passkeyId: passkey.id, name: "Desk key" } }]);
  });

  it("puts the passkeys' names and dates, and nothing of their keys, in the data export", async () => {
    const { member, passkey } = await withPasskey("Tablet");
    const exported = await json(await call("GET", "/api/account/export", member.token));
    expect(exported.passkeys).toEqual([{ name: "Tablet", createdAt: passkey.createdAt, lastUsedAt: null }]);
  });

  it("refuses an answer without user verification, from another origin, or to a spent or foreign challenge", async () => {
    const member = await memberSession(app);
    const other = await memberSession(app);
    const authenticator = new SoftAuthenticator(ORIGIN);

    const withoutUv = await addPasskey(member, authenticator, undefined, { withoutUserVerification: true });
    expect(withoutUv.status).toBe(400);
    expect((await json(withoutUv)).errors).toHaveProperty("response");
    expect((await addPasskey(member, authenticator, undefined, { origin: "https://evil.example" })).status).toBe(400);

    // The same answer twice: its challenge is spent by the first.
    const answer = authenticator.register(await creationOptions(member));
    expect((await call("POST", "/api/account/passkeys", member.token, { response: answer })).status).toBe(201);
    const again = await call("POST", "/api/account/passkeys", member.token, { response: answer });
    expect(again.status).toBe(400);

    // Another user's challenge does not add a passkey to this account.
    const foreign = authenticator.register(await creationOptions(other));
    expect((await call("POST", "/api/account/passkeys", member.token, { response: foreign })).status).toBe(400);
    // A sign-in challenge is not a registration challenge.
    const wrongKind = authenticator.register({ ...(await requestOptions()), rp: { id: RP_ID }, user: { id: "x" } });
    expect((await call("POST", "/api/account/passkeys", member.token, { response: wrongKind })).status).toBe(400);

    expect(await passkeysOf(member)).toHaveLength(1);
    expect(await passkeysOf(other)).toHaveLength(0);
  });

  it("refuses a credential that is already registered, to this account or another", async () => {
    const { member, authenticator } = await withPasskey();
    const [credential] = authenticator.credentials;
    const other = await memberSession(app);
    for (const who of [member, other]) {
      const response = authenticator.register(await creationOptions(who), {}, credential);
      const refused = await call("POST", "/api/account/passkeys", who.token, { response });
      expect(refused.status).toBe(400);
      expect((await json(refused)).errors).toEqual({ response: [PASSKEY_TAKEN] });
    }
    expect(await passkeysOf(member)).toHaveLength(1);
    expect(await passkeysOf(other)).toHaveLength(0);
  });
});

describe("signing in with a passkey", () => {
  it("answers a token response; the token works and its session and sign-in event say passkey", async () => {
    const { member, authenticator, passkey } = await withPasskey();
    const response = await signIn(authenticator);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ tokenType: "Bearer", user: { id: member.id, username: member.username } });

    const token = body.accessToken as string;
    const me = await call("GET", "/api/auth/me", token);
    expect(me.status).toBe(200);
    expect(((await json(me)).user as { id: string }).id).toBe(member.id);

    const sessions = (await json(await call("GET", "/api/account/sessions", token))).items as {
      id: string;
      current: boolean;
    }[];
    const current = sessions.find((session) => session.current);
    expect(current).toBeDefined();
    const signIns = await eventsOf(member.id, "sign_in");
    expect(signIns).toContainEqual({ detail: { kind: "api", sessionId: current!.id, method: "passkey" } });

    const [listed] = await passkeysOf(member);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.id).toBe(passkey.id);
    expect((await app.db.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).counter).toBe(1n);
  });

  it("needs no second step for a user with two-factor on", async () => {
    const { member, authenticator } = await withPasskey();
    await app.db.totpFactor.create({ data: { userId: member.id, secret: "sealed-elsewhere", enabledAt: new Date() } });
    await app.db.user.update({ where: { id: member.id }, data: { mfaEnabled: true } });
    // The password alone now asks for a code …
    const password = await app.call("POST", "/api/auth/login", {
      body: { identifier: member.username, password: member.password },
      ip: freshIp(),
    });
    expect((await json(password)).mfaRequired).toBe(true);
    // … and the passkey signs in outright.
    const response = await signIn(authenticator);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).not.toHaveProperty("mfaRequired");
    expect(body.user).toMatchObject({ id: member.id, mfaEnabled: true });
  });

  it("refuses a replayed answer: the challenge is spent by its first use", async () => {
    const { authenticator } = await withPasskey();
    const answer = authenticator.signIn(await requestOptions());
    expect((await call("POST", "/api/auth/passkey/verify", undefined, { response: answer })).status).toBe(200);
    await expectRefused(await call("POST", "/api/auth/passkey/verify", undefined, { response: answer }));
  });

  it("refuses a registration challenge used to sign in", async () => {
    const { member, authenticator } = await withPasskey();
    const registration = await creationOptions(member);
    const answer = authenticator.signIn({ challenge: registration.challenge, rpId: RP_ID });
    await expectRefused(await call("POST", "/api/auth/passkey/verify", undefined, { response: answer }));
  });

  it("refuses an answer without user verification, with a bad signature, or from another origin", async () => {
    const { member, authenticator } = await withPasskey();
    await expectRefused(await signIn(authenticator, { withoutUserVerification: true }));
    await expectRefused(await signIn(authenticator, { badSignature: true }));
    await expectRefused(await signIn(authenticator, { origin: "https://evil.example" }));
    const failures = await eventsOf(member.id, "sign_in_failed");
    expect(failures).toEqual(Array(3).fill({ detail: { reason: "bad signature", method: "passkey" } }));
  });

  it("refuses an unknown credential", async () => {
    const stranger = new SoftAuthenticator(ORIGIN);
    stranger.register({ challenge: "AAAA", rp: { id: RP_ID }, user: { id: "bm9ib2R5" } });
    await expectRefused(await signIn(stranger));
  });

  it("refuses the passkey of a deactivated or deleted user", async () => {
    const deactivated = await withPasskey();
    await app.db.user.update({ where: { id: deactivated.member.id }, data: { isActive: false } });
    await expectRefused(await signIn(deactivated.authenticator));

    const deleted = await withPasskey();
    await app.db.user.update({ where: { id: deleted.member.id }, data: { deletedAt: new Date() } });
    await expectRefused(await signIn(deleted.authenticator));
  });

  it("answers a malformed body with a 400 problem+json, naming the field", async () => {
    for (const body of [
      {},
      { response: "x" },
      { response: { id: "a", rawId: "a", type: "public-key", response: {} } },
    ]) {
      const response = await call("POST", "/api/auth/passkey/verify", undefined, body);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect((await json(response)).errors).toEqual(expect.any(Object));
    }
    const { authenticator } = await withPasskey();
    const answer = authenticator.signIn(await requestOptions());
    answer.response.clientDataJSON = Buffer.from("not json").toString("base64url");
    const notClientData = await call("POST", "/api/auth/passkey/verify", undefined, { response: answer });
    expect(notClientData.status).toBe(400);
    expect((await json(notClientData)).errors).toHaveProperty(["response.response.clientDataJSON"]);
    const malformedAdd = await call("POST", "/api/account/passkeys", (await memberSession(app)).token, { response: 1 });
    expect(malformedAdd.status).toBe(400);
    expect((await json(malformedAdd)).errors).toHaveProperty("response");
  });
});

describe("removing", () => {
  it("removes the caller's passkey, records passkey_removed, and the passkey no longer signs in", async () => {
    const { member, authenticator, passkey } = await withPasskey("Old phone");
    const removed = await call("DELETE", `/api/account/passkeys/${passkey.id}`, member.token);
    expect(removed.status).toBe(204);
    expect(await passkeysOf(member)).toEqual([]);
    expect(await eventsOf(member.id, "passkey_removed")).toEqual([
      { detail: { passkeyId: passkey.id, name: "Old phone" } },
    ]);
    await expectRefused(await signIn(authenticator));
    expect((await call("DELETE", `/api/account/passkeys/${passkey.id}`, member.token)).status).toBe(404);
  });

  it("answers 404 for someone else's passkey, and leaves it working", async () => {
    const owner = await withPasskey();
    const other = await memberSession(app);
    const path = `/api/account/passkeys/${owner.passkey.id}`;
    const removed = await call("DELETE", path, other.token);
    expect(removed.status).toBe(404);
    expect(removed.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await call("PATCH", path, other.token, { name: "Mine now" })).status).toBe(404);
    expect(await passkeysOf(owner.member)).toEqual([owner.passkey]);
    expect((await signIn(owner.authenticator)).status).toBe(200);
    expect(await eventsOf(other.id, "passkey_removed")).toEqual([]);
  });
});
