import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, newIdentity, test } from "./fixtures";
import { STAFF } from "./staff";

/**
 * The staff pages' server actions check the caller themselves (requireStaff), not just the page
 * that renders the form: a signed-in member who replays a captured staff action, as a script
 * would, changes nothing. The same replay by staff does change the user, so the test can fail.
 */

type Captured = { path: string; headers: Record<string, string>; body: string };

async function registerMember(request: APIRequestContext) {
  const who = newIdentity();
  const data = { username: who.username, phoneNumber: who.phoneE164, email: who.email, password: who.password };
  const response = await request.post("/api/auth/register", { data });
  expect(response.status(), await response.text()).toBe(201);
  return { ...who, id: ((await response.json()) as { user: { id: string } }).user.id };
}

async function signIn(page: Page, path: string, identifier: string, password: string) {
  await page.goto(path);
  await page.getByLabel("Username or phone").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Staff saves the member's record once through the real form; the action's request is kept. */
async function captureSave(page: Page, memberId: string): Promise<Captured> {
  await signIn(page, `/admin/users/${memberId}`, STAFF.username, STAFF.password);
  await expect(page.getByRole("button", { name: "Save" })).toBeVisible({ timeout: 20_000 });
  const sent = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await page.getByRole("button", { name: "Save" }).click();
  const request = await sent;
  await expect(page.getByText("Saved.")).toBeVisible();
  const headers = await request.allHeaders();
  const keep = ["next-action", "next-router-state-tree", "content-type", "accept", "origin"];
  return {
    path: new URL(request.url()).pathname,
    headers: Object.fromEntries(keep.filter((name) => headers[name]).map((name) => [name, headers[name]])),
    body: request.postData() ?? "",
  };
}

/** A browser context signed in as `who` through the form; its request context carries the session cookie. */
async function signedInContext(browser: Browser, who: { username: string; password: string }, xff: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": xff } });
  const page = await context.newPage();
  await signIn(page, "/sign-in", who.username, who.password);
  await expect(page).toHaveURL(/\/account$/);
  return context;
}

async function isStaff(request: APIRequestContext, userId: string): Promise<boolean> {
  const login = await request.post("/api/auth/login", {
    data: { identifier: STAFF.username, password: STAFF.password },
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await request.get(`/api/admin/users/${userId}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { user: { isStaff: boolean } }).user.isStaff;
}

test("a member replaying a staff page's server action cannot make themselves staff", async ({
  page,
  request,
  browser,
}) => {
  // Three sign-ins in two browser contexts: more than 30 s on a busy machine.
  test.setTimeout(90_000);
  const member = await registerMember(request);
  const save = await captureSave(page, member.id);
  expect(save.body).toContain('"isStaff":false');
  const promote = save.body.replace('"isStaff":false', '"isStaff":true');

  const xff = `10.99.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const memberContext = await signedInContext(browser, member, xff);
  const attempt = await memberContext.request.post(save.path, {
    headers: save.headers,
    data: promote,
    maxRedirects: 0,
  });
  // A server action answers 200 with the form's state: here the refusal, not "Saved.".
  const refused = await attempt.text();
  expect(refused).toContain("Only staff can do this.");
  expect(refused).not.toContain("Saved.");
  expect(await isStaff(request, member.id)).toBe(false);
  await memberContext.close();

  // The very same replay from staff's own session does promote: the refusal above was about who sent it.
  const staffReplay = await page
    .context()
    .request.post(save.path, { headers: save.headers, data: promote, maxRedirects: 0 });
  expect(staffReplay.status()).toBe(200);
  expect(await staffReplay.text()).toContain("Saved.");
  expect(await isStaff(request, member.id)).toBe(true);
});

test("a row's actions menu works from the keyboard, and its outcome is a toast that goes away", async ({
  page,
  request,
}) => {
  const member = await registerMember(request);
  await signIn(page, `/admin/users?q=${member.username}`, STAFF.username, STAFF.password);
  const menuButton = page.getByRole("button", { name: `Actions for ${member.username}` });
  await expect(menuButton).toHaveAttribute("aria-haspopup", "menu");
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");

  // Enter opens it on the first item; arrows move (and wrap); Escape closes it back onto the button.
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: "View details" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Deactivate" })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(menu.getByRole("menuitem", { name: "Delete…" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");

  // Deactivate by keyboard alone: the toast says so, then goes away.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const note = page.locator("[data-sonner-toast]").filter({ hasText: `Deactivated ${member.username}.` });
  await expect(note).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: member.username })).toContainText("Inactive");
  await expect(note).toHaveCount(0, { timeout: 15_000 });

  // Delete asks first, inside the menu.
  await menuButton.click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await expect(page.getByRole("menu", { name: `Delete ${member.username}?` })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Confirm delete" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "User deleted." })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: member.username })).toHaveCount(0);
});
