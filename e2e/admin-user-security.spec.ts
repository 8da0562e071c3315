import type { APIRequestContext, Page } from "@playwright/test";
import { expect, newIdentity, test } from "./fixtures";
import { checkLook } from "./look";
import { mailedCode, RESET_MAIL } from "./mail";
import { STAFF } from "./staff";

/**
 * Support on a user's page: their sessions and activity, then Sign out everywhere (their browser
 * session ends), Unlock (a locked-out address signs in again) and Send password reset (the code
 * arrives), each after an in-place confirmation; and one's own page, where what cannot apply to
 * oneself is disabled with the reason beside it.
 */

const randomXff = () => `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
/** The e2e server's LOGIN_MAX_FAILURES (the default). */
const MAX_FAILURES = 5;

async function registerMember(request: APIRequestContext) {
  const who = newIdentity();
  const data = { username: who.username, phoneNumber: who.phoneE164, email: who.email, password: who.password };
  const response = await request.post("/api/auth/register", { data });
  expect(response.status(), await response.text()).toBe(201);
  return { ...who, id: ((await response.json()) as { user: { id: string } }).user.id };
}

function login(request: APIRequestContext, identifier: string, password: string, xff: string) {
  return request.post("/api/auth/login", { data: { identifier, password }, headers: { "x-forwarded-for": xff } });
}

async function signIn(page: Page, path: string, identifier: string, password: string) {
  await page.goto(path);
  await page.getByLabel("Username or phone").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Opens the action's confirmation, confirms it, and waits for its toast. */
async function confirmAction(page: Page, name: string, toast: RegExp) {
  await page.getByRole("button", { name, exact: true }).click();
  const confirm = page.getByRole("form", { name: `Confirm: ${name}` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name, exact: true }).click();
  // The toast itself: after the refresh, the audit list names the action too.
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: toast })).toBeVisible();
  await expect(confirm).toBeHidden();
}

test("staff sees a user's sessions and activity, signs them out everywhere, unlocks them, sends a reset", async ({
  page,
  request,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const member = await registerMember(request);
  const memberContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomXff() } });
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, "/sign-in", member.username, member.password);
  await expect(memberPage).toHaveURL(/\/account$/);

  // Locked out from one address.
  const lockedXff = randomXff();
  for (let i = 0; i < MAX_FAILURES; i++) await login(request, member.username, "not-the-password", lockedXff);
  expect((await login(request, member.username, member.password, lockedXff)).status()).toBe(429);

  await signIn(page, `/admin/users/${member.id}`, STAFF.username, STAFF.password);
  const sessions = page.getByRole("region", { name: "Sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(2); // the API's sign-up and the browser's sign-in
  await expect(sessions.getByText("Browser", { exact: true })).toBeVisible();
  const activity = page.getByRole("region", { name: "Recent activity" });
  await expect(activity.getByText("Failed sign-in").first()).toBeVisible();
  await expect(activity.getByText("Sign-in locked after failed attempts")).toBeVisible();
  await checkLook(page, testInfo, "user-security");

  // Escape closes a confirmation and gives focus back to its button.
  await page.getByRole("button", { name: "Unlock", exact: true }).click();
  await expect(page.getByRole("form", { name: "Confirm: Unlock" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "Confirm: Unlock" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Unlock", exact: true })).toBeFocused();

  await confirmAction(page, "Sign out everywhere", /Signed out everywhere: 2 sessions ended/);
  await expect(sessions.getByText("No live sessions.")).toBeVisible();
  await memberPage.goto("/account");
  await expect(memberPage).toHaveURL(/\/sign-in/);

  await confirmAction(page, "Unlock", /Unlocked/);
  expect((await login(request, member.username, member.password, lockedXff)).status()).toBe(200);

  await confirmAction(page, "Send password reset", /Password reset code sent; 1 session ended/);
  expect(await mailedCode(member.email, RESET_MAIL)).toMatch(/^\d{6}$/);
  await expect(activity.getByText("Password reset requested · by staff")).toBeVisible();

  // More than a page of events now: the oldest are one page further.
  await expect(activity.getByText("Account created")).toBeHidden();
  await activity.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/\?activity=2/);
  await expect(activity.getByText("Account created")).toBeVisible();
  await activity.getByRole("link", { name: "← Newer" }).click();
  await expect(activity.getByText("Password reset requested · by staff")).toBeVisible();
  await memberContext.close();
});

test("on one's own page, what cannot apply to oneself is disabled with the reason", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const signedIn = await login(request, STAFF.username, STAFF.password, randomXff());
  const { user } = (await signedIn.json()) as { user: { id: string } };
  await signIn(page, `/admin/users/${user.id}`, STAFF.username, STAFF.password);
  await expect(page.getByText("This is your own account.")).toBeVisible();

  await expect(page.getByLabel("Active", { exact: true })).toBeDisabled();
  await expect(page.getByText("You cannot deactivate your own account.")).toBeVisible();
  await expect(page.getByLabel("Staff", { exact: true })).toBeDisabled();
  await expect(page.getByText("You cannot remove your own staff access.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete user" })).toBeDisabled();
  await expect(page.getByText("You cannot delete your own account here.")).toBeVisible();
  for (const name of ["Sign out everywhere", "Send password reset"]) {
    const button = page.getByRole("button", { name, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(/Not on your own account/);
  }
  await expect(page.getByRole("button", { name: "Unlock", exact: true })).toBeEnabled();
  // Save still works: the disabled fields are kept as they are.
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.").first()).toBeVisible();
  await checkLook(page, testInfo, "own-user-security");
});
