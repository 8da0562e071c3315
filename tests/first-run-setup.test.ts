import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createStaff } from "@/lib/accounts/create-staff";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { firstRunSetupLink, completeFirstRunSetup, setupIsOpen } from "@/lib/setup/first-run";
import { printFirstRunSetupLink } from "@/lib/startup";
import { startTestApp, type TestApp } from "./helpers/app";

/**
 * The first-run setup against the real database: the link printed at start-up while no staff
 * user exists, its token kept only hashed, good once, refused (404) when wrong, missing, spent or
 * once any staff user exists; two setups at once make one staff user; sign-up's rules and errors.
 */

const APP_URL = "https://accounts.example.test";
const client = { ip: "203.0.113.5", userAgent: "test" };
let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp({ APP_URL });
});
afterAll(() => app.close());
beforeEach(async () => {
  // Each case starts from a first run: no staff user, no setup token.
  await app.db.user.updateMany({ where: { isStaff: true }, data: { isStaff: false } });
  await app.db.authChallenge.deleteMany({ where: { kind: "first_run_setup" } });
});
afterEach(() => vi.restoreAllMocks());

const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";
const newAdmin = (overrides: Record<string, unknown> = {}) => {
  counter++;
  return {
    username: `first_admin_${counter}`,
    phoneNumber: `+1 (646) 555-${String(7000 + counter)}`,
    password: `calm-river-${counter}-setup`,
    ...overrides,
  };
};
const staffCount = () => app.db.user.count({ where: { isStaff: true } });

/**
 * What the setup page answers: it renders only when setupIsOpen, else notFound() (a 404). The page
 * module itself pulls in next-auth, which needs Next's runtime; the e2e run opens it for real.
 */
const renderSetup = async (token: string | undefined): Promise<"page" | 404> =>
  (await setupIsOpen(token)) ? "page" : 404;

describe("first-run setup", () => {
  it("prints a link with a fresh token at each start while no staff user exists; keeps only its SHA-256", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await printFirstRunSetupLink();
    await printFirstRunSetupLink();
    const lines = log.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(2);
    const links = lines.map((line) => line.match(/https:\/\/\S+/)?.[0] ?? "");
    for (const link of links) expect(link).toMatch(new RegExp(`^${APP_URL}/setup\\?token=[\\w-]{43}$`));
    expect(tokenOf(links[0])).not.toBe(tokenOf(links[1]));

    const rows = await app.db.authChallenge.findMany({ where: { kind: "first_run_setup" } });
    expect(rows.map((row) => row.id).sort()).toEqual(
      links.map((link) => createHash("sha256").update(tokenOf(link)).digest("base64url")).sort(),
    );
    expect(JSON.stringify(rows)).not.toContain(tokenOf(links[0]));
    // Valid until used: decades away.
    for (const row of rows) expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50 * 365 * 86_400_000);
    // Both earlier links still open the page.
    for (const link of links) expect(await renderSetup(tokenOf(link))).toBe("page");
  });

  it("creates the first staff user once; the token is spent, every other one deleted, the page a 404", async () => {
    const token = tokenOf((await firstRunSetupLink(APP_URL))!);
    const other = tokenOf((await firstRunSetupLink(APP_URL))!);
    const input = newAdmin({ email: "first.admin@example.com" });
    const user = await completeFirstRunSetup(token, input, client);
    expect(user).toMatchObject({ username: input.username, isStaff: true, isActive: true });
    const row = await app.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({
      isStaff: true,
      phoneNumber: "+16465557000".replace("7000", input.phoneNumber.slice(-4)),
    });
    expect(row.passwordHash).not.toContain(input.password);
    expect(await app.db.auditLog.count({ where: { targetId: user.id, action: "create-staff" } })).toBe(1);
    expect(await app.db.securityEvent.count({ where: { userId: user.id, type: "sign_up" } })).toBe(1);
    expect(await app.db.authChallenge.count({ where: { kind: "first_run_setup" } })).toBe(0);

    await expect(completeFirstRunSetup(token, newAdmin(), client)).rejects.toBeInstanceOf(NotFoundError);
    await expect(completeFirstRunSetup(other, newAdmin(), client)).rejects.toBeInstanceOf(NotFoundError);
    expect(await renderSetup(token)).toBe(404);
    expect(await renderSetup(other)).toBe(404);
    expect(await staffCount()).toBe(1);
  });

  it("is a 404 without a token or with a wrong one", async () => {
    await firstRunSetupLink(APP_URL);
    expect(await renderSetup(undefined)).toBe(404);
    expect(await renderSetup("")).toBe(404);
    expect(await renderSetup("not-the-token")).toBe(404);
    expect(await renderSetup("x".repeat(5000))).toBe(404);
    expect(await setupIsOpen("not-the-token")).toBe(false);
    await expect(completeFirstRunSetup("not-the-token", newAdmin(), client)).rejects.toBeInstanceOf(NotFoundError);
    expect(await staffCount()).toBe(0);
  });

  it("closes once a staff user exists another way (create-staff): no link printed, old tokens deleted", async () => {
    const token = tokenOf((await firstRunSetupLink(APP_URL))!);
    await createStaff(newAdmin());
    expect(await renderSetup(token)).toBe(404);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await printFirstRunSetupLink();
    expect(log).not.toHaveBeenCalled();
    expect(await app.db.authChallenge.count({ where: { kind: "first_run_setup" } })).toBe(0);
    await expect(completeFirstRunSetup(token, newAdmin(), client)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("makes one staff user of two setups at once, with one token or with two", async () => {
    const token = tokenOf((await firstRunSetupLink(APP_URL))!);
    const sameToken = await Promise.allSettled([
      completeFirstRunSetup(token, newAdmin(), client),
      completeFirstRunSetup(token, newAdmin(), client),
    ]);
    expect(sameToken.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await staffCount()).toBe(1);

    await app.db.user.updateMany({ where: { isStaff: true }, data: { isStaff: false } });
    const [first, second] = [
      tokenOf((await firstRunSetupLink(APP_URL))!),
      tokenOf((await firstRunSetupLink(APP_URL))!),
    ];
    const twoTokens = await Promise.allSettled([
      completeFirstRunSetup(first, newAdmin(), client),
      completeFirstRunSetup(second, newAdmin(), client),
    ]);
    expect(twoTokens.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = twoTokens.find((result) => result.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
    expect(await staffCount()).toBe(1);
  });

  it("keeps sign-up's rules and errors, and leaves the token good after a refused form", async () => {
    const token = tokenOf((await firstRunSetupLink(APP_URL))!);
    const invalid = await completeFirstRunSetup(
      token,
      { username: "x", phoneNumber: "12", password: "password" },
      client,
    ).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(Object.keys((invalid as ValidationError).fieldErrors).sort()).toEqual([
      "password",
      "phoneNumber",
      "username",
    ]);

    const member = newAdmin();
    await app.db.user.create({ data: { username: member.username, phoneNumber: "+16465550999", passwordHash: "x" } });
    const taken = await completeFirstRunSetup(token, { ...member, phoneNumber: "+1 646 555 0998" }, client).catch(
      (error: unknown) => error,
    );
    expect(taken).toBeInstanceOf(ConflictError);
    expect((taken as ConflictError).fieldErrors).toHaveProperty("username");

    expect(await setupIsOpen(token)).toBe(true);
    await completeFirstRunSetup(token, newAdmin(), client);
    expect(await staffCount()).toBe(1);
  });
});
