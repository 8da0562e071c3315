import { readFileSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { STAFF } from "./staff";

/** Three members sharing a marker in their usernames, made through the public API. */
async function registerMembers(request: APIRequestContext) {
  const marker = `team${Date.now().toString(36)}`;
  const members = [];
  for (const suffix of ["a", "b", "c"]) {
    const who = newIdentity();
    const body = {
      username: `${marker}_${suffix}`,
      phoneNumber: who.phoneE164,
      email: who.email,
      password: who.password,
    };
    const response = await request.post("/api/auth/register", { data: body });
    expect(response.status(), await response.text()).toBe(201);
    const { user, accessToken } = (await response.json()) as { user: { id: string }; accessToken: string };
    members.push({ ...body, id: user.id, token: accessToken });
  }
  return { marker, members };
}

async function signInAsStaff(page: Page, path: string) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Username or phone").fill(STAFF.username);
  await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
}

/** Turns the authenticator app on for a member, through the API, as their app would: its first code. */
async function enableTotp(request: APIRequestContext, member: { token: string; password: string }) {
  const headers = { authorization: `Bearer ${member.token}` };
  const start = await request.post("/api/account/mfa/totp", { headers, data: { password: member.password } });
  expect(start.status(), await start.text()).toBe(200);
  const { secret } = (await start.json()) as { secret: string };
  const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
  const confirm = await request.post("/api/account/mfa/totp/confirm", { headers, data: { code } });
  expect(confirm.status(), await confirm.text()).toBe(200);
}

const row = (page: Page, username: string) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: username, exact: true }) });

test.describe("staff console", () => {
  test("search, filter, bulk deactivate and delete, edit a user, export CSV", async ({ page, request }) => {
    const { marker, members } = await registerMembers(request);
    const [a, b, c] = members;
    await signInAsStaff(page, "/admin/users");

    // Search: the whole view goes into the URL.
    await page.getByLabel("Search users").fill(marker.toUpperCase());
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=${marker.toUpperCase()}`));
    await expect(page.getByTestId("result-count")).toHaveText("1–3 of 3 users");

    // Sort by username: the header link keeps the search.
    await page.getByRole("link", { name: "Username" }).click();
    await expect(page).toHaveURL(/sort=username/);
    await expect(page).toHaveURL(new RegExp(`q=${marker.toUpperCase()}`));
    await expect(page.getByRole("row").nth(1)).toContainText(a.username);

    // Bulk deactivate two of them.
    await row(page, a.username).getByRole("checkbox").check();
    await row(page, b.username).getByRole("checkbox").check();
    await expect(page.getByText("2 selected")).toBeVisible();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Deactivated 2 users." })).toBeVisible();
    await expect(row(page, a.username)).toContainText("Inactive");
    await expect(row(page, c.username)).not.toContainText("Inactive");
    const me = await request.get("/api/auth/me", { headers: { authorization: `Bearer ${a.token}` } });
    expect(me.status()).toBe(401);

    // Filter: inactive only; survives a reload.
    await page.getByLabel("Active", { exact: true }).selectOption("false");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/isActive=false/);
    await page.reload();
    await expect(page.getByTestId("result-count")).toHaveText("1–2 of 2 users");
    await expect(page.getByLabel("Active", { exact: true })).toHaveValue("false");

    // Bulk delete, after a confirmation; then only deleted users show it.
    await page.getByLabel("Active", { exact: true }).selectOption("");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await row(page, c.username).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("group", { name: "Confirm deletion" }).getByRole("button", { name: "Confirm delete" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Deleted 1 user." })).toBeVisible();
    await expect(row(page, c.username)).toHaveCount(0);
    await page.getByLabel("Deleted", { exact: true }).selectOption("only");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(row(page, c.username)).toContainText("Deleted");

    // Open a user and change the e-mail; a bad one is refused beside the field.
    await page.goto(`/admin/users?q=${marker}`);
    await page.getByRole("link", { name: b.username, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/users/${b.id}$`));
    for (const legend of ["Identity", "Contact", "Status", "Dates"])
      await expect(page.getByRole("group", { name: legend })).toBeVisible();
    const email = page.getByLabel("Email");
    await email.fill(a.email.toUpperCase());
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("This e-mail address is already registered.")).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await email.fill(`renamed.${b.email}`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Email")).toHaveValue(`renamed.${b.email}`);
    await expect(page.getByRole("table", { name: /Recent staff changes/ })).toContainText(`renamed.${b.email}`);

    // Export the current view as CSV.
    await page.goto(`/admin/users?q=${marker}&sort=username&deleted=include`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^users-\d{8}-\d{6}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("id,username,phoneNumber,email,isActive,isStaff,mfaEnabled,dateJoined,deletedAt");
    expect(csv.slice(1).map((line) => line.split(",")[1])).toEqual([a.username, b.username, c.username]);
    expect(csv[2]).toContain(`renamed.${b.email}`);
  });

  test("the Two-factor filter shows only users with the authenticator app on, or only those without", async ({
    page,
    request,
  }) => {
    const { marker, members } = await registerMembers(request);
    const [a, b, c] = members;
    await enableTotp(request, b);
    await signInAsStaff(page, `/admin/users?q=${marker}&sort=username`);
    await expect(row(page, b.username)).toContainText("2FA");
    await expect(row(page, a.username)).not.toContainText("2FA");

    const twoFactor = page.getByLabel("Two-factor", { exact: true });
    await twoFactor.selectOption("true");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/mfaEnabled=true/);
    await expect(page.getByTestId("result-count")).toHaveText("1–1 of 1 user");
    await expect(row(page, b.username)).toBeVisible();
    await expect(twoFactor).toHaveValue("true");

    await twoFactor.selectOption("false");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/mfaEnabled=false/);
    await expect(page.getByTestId("result-count")).toHaveText("1–2 of 2 users");
    await expect(row(page, a.username)).toBeVisible();
    await expect(row(page, c.username)).toBeVisible();
    await expect(row(page, b.username)).toHaveCount(0);

    await page.goto(`/admin/users/${b.id}`);
    await expect(page.getByRole("group", { name: "Status" })).toContainText("Two-factor: On");
  });

  test("the staff API's export route is not taken for a user id", async ({ request }) => {
    const login = await request.post("/api/auth/login", {
      data: { identifier: STAFF.username, password: STAFF.password },
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const response = await request.get("/api/admin/users/export?q=e2e_staff", {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(await response.text()).toContain(`,${STAFF.username},`);
  });

  test("a signed-in user who is not staff gets a 403 page, not the table", async ({ page }) => {
    await signUp(page, newIdentity());
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Staff only" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    const exported = await page.request.get("/admin/users/export");
    expect(exported.status()).toBe(403);
  });

  test("a signed-out visit goes to sign-in and back to the same view", async ({ page }) => {
    await signInAsStaff(page, "/admin/users?q=e2e_staff&sort=username");
    await expect(page).toHaveURL(/\/admin\/users\?q=e2e_staff&sort=username$/);
    await expect(page.getByTestId("result-count")).toHaveText("1–1 of 1 user");
  });
});
