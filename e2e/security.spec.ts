import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { expect, newIdentity, signUp, test } from "./fixtures";

/**
 * Session cookies, cross-origin server actions and sign-in redirects, against the production
 * build over plain http. Security headers are in e2e/api.spec.ts; signed-out and non-staff visits
 * of the pages in e2e/accounts.spec.ts and e2e/admin.spec.ts.
 */

type Identity = ReturnType<typeof newIdentity>;
type CapturedAction = { path: string; headers: Record<string, string>; body: string };

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token=/;

async function registered(request: APIRequestContext): Promise<Identity> {
  const who = newIdentity();
  const body = { username: who.username, phoneNumber: who.phoneE164, email: who.email, password: who.password };
  const response = await request.post("/api/auth/register", { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return who;
}

/**
 * Signs in through the real /sign-in form; returns the server-action request the page sent, and
 * its Set-Cookie lines. The page is opened with a hostile ?next=, which must not be followed.
 */
async function signInThroughForm(page: Page, who: Identity): Promise<{ action: CapturedAction; setCookies: string[] }> {
  await page.goto(`/sign-in?next=${encodeURIComponent("//evil.example/account")}`);
  const { origin } = new URL(page.url());
  await page.getByLabel("Username or phone").fill(who.username);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  const sent = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const request = await sent;
  const response = await request.response();
  await expect(page).toHaveURL(`${origin}/account`);
  const headers = await request.allHeaders();
  const keep = ["next-action", "next-router-state-tree", "content-type", "accept"];
  return {
    action: {
      path: new URL(request.url()).pathname,
      headers: Object.fromEntries(keep.filter((name) => headers[name]).map((name) => [name, headers[name]])),
      body: request.postData() ?? "",
    },
    setCookies: (await response?.headerValues("set-cookie")) ?? [],
  };
}

/** Sends a captured server action again, as a script or another site would. */
function replay(
  request: APIRequestContext,
  action: CapturedAction,
  headers: Record<string, string>,
  body = action.body,
): Promise<APIResponse> {
  return request.post(action.path, { headers: { ...action.headers, ...headers }, data: body, maxRedirects: 0 });
}

const sessionCookies = (response: APIResponse) =>
  response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie" && SESSION_COOKIE.test(h.value))
    .map((h) => h.value);

test.describe("session cookie", () => {
  test("signing in through the form sets an HttpOnly, SameSite=Lax cookie that scripts cannot read", async ({
    page,
    request,
  }) => {
    const who = await registered(request);
    const { setCookies } = await signInThroughForm(page, who);
    const raw = setCookies.find((line) => SESSION_COOKIE.test(line));
    expect(raw, setCookies.join("\n")).toBeDefined();
    expect(raw).toMatch(/;\s*HttpOnly/i);
    expect(raw).toMatch(/;\s*SameSite=Lax/i);
    expect(raw).toMatch(/;\s*Path=\/(;|$)/i);
    // Plain http (no TLS, no X-Forwarded-Proto: https): a Secure cookie would be refused by browsers on any host but localhost.
    expect(raw).not.toMatch(/;\s*Secure/i);

    const cookie = (await page.context().cookies()).find((c) => c.name === "authjs.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  });

  test("behind a TLS-terminating proxy (X-Forwarded-Proto: https) the cookie is __Secure- and Secure, and it signs requests in", async ({
    page,
    request,
    baseURL,
  }) => {
    const who = await registered(request);
    const { action } = await signInThroughForm(page, who);
    const host = new URL(baseURL ?? "").host;
    const response = await replay(request, action, { origin: `https://${host}`, "x-forwarded-proto": "https" });
    expect(response.status()).toBeLessThan(400);
    // The answer carries the page it redirects to, fetched from the server itself over plain http:
    // not https, which the proxy speaks and the server does not.
    expect(await response.text()).toContain(who.username);
    const [raw] = sessionCookies(response);
    expect(raw, response.headers()["set-cookie"]).toMatch(/^__Secure-authjs\.session-token=/);
    expect(raw).toMatch(/;\s*Secure/i);
    expect(raw).toMatch(/;\s*HttpOnly/i);
    expect(raw).toMatch(/;\s*SameSite=Lax/i);

    const cookie = raw.split(";")[0];
    const account = await request.get("/account", {
      headers: { cookie, "x-forwarded-proto": "https" },
      maxRedirects: 0,
    });
    expect(account.status()).toBe(200);
    expect(await account.text()).toContain(who.username);
  });
});

test.describe("cross-origin server actions", () => {
  test("a sign-in action replayed with another Origin is not run: no cookie, no counted attempt; with our Origin it works", async ({
    page,
    request,
    baseURL,
  }) => {
    const who = await registered(request);
    const { action } = await signInThroughForm(page, who);
    expect(action.body).toContain(who.password);
    const wrongBody = action.body.replace(who.password, "not-the-password-1");

    // More wrong passwords than LOGIN_MAX_FAILURES (5): had any of them run, the right one below would be locked out.
    const evilOrigins = [
      "https://evil.example",
      "null",
      "http://localhost:1",
      "https://evil.example",
      "null",
      "http://localhost:1",
    ];
    for (const origin of evilOrigins) {
      const refused = await replay(request, action, { origin }, wrongBody);
      expect(refused.status(), origin).toBeGreaterThanOrEqual(400);
      expect(sessionCookies(refused), origin).toEqual([]);
    }
    const evilRight = await replay(request, action, { origin: "https://evil.example" });
    expect(evilRight.status()).toBeGreaterThanOrEqual(400);
    expect(sessionCookies(evilRight)).toEqual([]);

    const ours = await replay(request, action, { origin: new URL(baseURL ?? "").origin });
    expect(ours.status()).toBeLessThan(400);
    expect(sessionCookies(ours)).toHaveLength(1);
  });
});

test.describe("pages check the session themselves", () => {
  test("a forged session cookie gets past the proxy's quick check but not the pages: redirect to sign-in", async ({
    request,
  }) => {
    for (const path of ["/account", "/admin/users"]) {
      for (const cookie of ["authjs.session-token=forged", "__Secure-authjs.session-token=forged"]) {
        const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
        expect([303, 307], `${path} ${cookie}`).toContain(response.status());
        expect(response.headers().location, `${path} ${cookie}`).toMatch(/^\/sign-in\?next=/);
      }
    }
  });
});

test.describe("sign-out ends the session on the server", () => {
  test("a copy of the session cookie taken before sign-out stops working after it", async ({ page, request }) => {
    const who = newIdentity();
    await signUp(page, who);
    const session = (await page.context().cookies()).find((c) => c.name === "authjs.session-token");
    expect(session).toBeDefined();
    const copied = `${session!.name}=${session!.value}`;
    const withCopy = () => request.get("/account", { headers: { cookie: copied }, maxRedirects: 0 });
    // The copy works while the session is live…
    expect((await withCopy()).status()).toBe(200);

    await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?notice=signed-out$/);
    // …and not once the browser signed out, though the copy's JWT has not expired.
    const after = await withCopy();
    expect([303, 307]).toContain(after.status());
    expect(after.headers().location).toMatch(/^\/sign-in\?next=/);
  });
});
