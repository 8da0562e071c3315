import { readFileSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { axeViolations } from "./axe";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { checkLook } from "./look";
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
  // A cold server on a busy machine may take a while over the first sign-in.
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible({ timeout: 20_000 });
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

/** Elements reaching past the viewport's sides (hidden ones have no box and do not count). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("body *"))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && (box.right > window.innerWidth + 0.5 || box.left < -0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.getAttribute("class")).slice(0, 80)}`),
  );
}

const row = (page: Page, username: string) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: username, exact: true }) });

/** A toast (sonner) with this text: it must show, then go away by itself. */
async function toastComesAndGoes(page: Page, text: string) {
  const note = page.locator("[data-sonner-toast]").filter({ hasText: text });
  await expect(note).toBeVisible();
  await expect(note).toHaveCount(0, { timeout: 15_000 });
}

test.describe("staff console", () => {
  test("search as you type, filters and chips, bulk deactivate and delete, edit a user, export CSV", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const { marker, members } = await registerMembers(request);
    const [a, b, c] = members;
    await signInAsStaff(page, "/admin/users");

    // Search as you type: the page is fetched after a pause, not once per key (a stall of the
    // busy machine may let one partial text through; without the pause there would be a dozen).
    const searched = new Set<string>();
    page.on("request", (r) => {
      const url = new URL(r.url());
      const q = url.searchParams.get("q");
      if (url.pathname === "/admin/users" && q && r.headers()["rsc"] === "1") searched.add(q);
    });
    const typed = marker.toUpperCase();
    await page.getByLabel("Search users").pressSequentially(typed, { delay: 30 });
    await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${typed}$`));
    await expect(page.getByTestId("result-count")).toHaveText("1–3 of 3 users");
    const partial = [...searched].filter((q) => q !== typed && typed.startsWith(q));
    expect(partial.length, partial.join(", ")).toBeLessThanOrEqual(1);
    await expect(page.getByRole("list", { name: "Active filters" })).toHaveText(new RegExp(marker.toUpperCase()));

    // Sort by username: the header link keeps the search.
    await page.getByRole("link", { name: "User", exact: true }).click();
    await expect(page).toHaveURL(/sort=username/);
    await expect(page).toHaveURL(new RegExp(`q=${marker.toUpperCase()}`));
    await expect(page.getByRole("row").nth(1)).toContainText(a.username);

    // Bulk deactivate two of them; the toast goes away by itself.
    await row(page, a.username).getByRole("checkbox").check();
    await row(page, b.username).getByRole("checkbox").check();
    await expect(page.getByText("2 selected")).toBeVisible();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await toastComesAndGoes(page, "Deactivated 2 users.");
    await expect(row(page, a.username)).toContainText("Inactive");
    await expect(row(page, c.username)).not.toContainText("Inactive");
    await expect(page.getByText("0 selected")).toBeVisible();
    const me = await request.get("/api/auth/me", { headers: { authorization: `Bearer ${a.token}` } });
    expect(me.status()).toBe(401);

    // A filter applies when chosen (no button), shows as a chip and survives a reload.
    await page.getByLabel("Active", { exact: true }).selectOption("false");
    await expect(page).toHaveURL(/isActive=false/);
    await expect(page.getByTestId("result-count")).toHaveText("1–2 of 2 users");
    await page.reload();
    await expect(page.getByTestId("result-count")).toHaveText("1–2 of 2 users");
    await expect(page.getByLabel("Active", { exact: true })).toHaveValue("false");
    // Removing the chip removes the filter, and the URL keeps no empty parameter.
    await page.getByRole("button", { name: "Remove filter: Inactive" }).click();
    await expect(page).not.toHaveURL(/isActive/);
    expect(page.url()).not.toMatch(/=(&|$)/);
    await expect(page.getByLabel("Active", { exact: true })).toHaveValue("");
    await expect(page.getByTestId("result-count")).toHaveText("1–3 of 3 users");

    // Bulk delete, after a confirmation; then only deleted users show it, as Deleted alone.
    await row(page, c.username).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("group", { name: "Confirm deletion" }).getByRole("button", { name: "Confirm delete" }).click();
    await toastComesAndGoes(page, "Deleted 1 user.");
    await expect(row(page, c.username)).toHaveCount(0);
    await page.getByLabel("Deleted", { exact: true }).selectOption("only");
    await expect(page).toHaveURL(/deleted=only/);
    await expect(row(page, c.username)).toContainText("Deleted");
    await expect(row(page, c.username)).not.toContainText("Active");

    // Restoring the only match leaves an empty view, with a way out.
    await row(page, c.username)
      .getByRole("button", { name: `Actions for ${c.username}` })
      .click();
    await page.getByRole("menuitem", { name: "Restore" }).click();
    await toastComesAndGoes(page, "User restored.");
    await expect(page.getByText("No users match these filters.")).toBeVisible();
    await page.getByRole("link", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/admin\/users\?sort=username$/);
    await expect(page.getByLabel("Search users")).toHaveValue("");

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

  test("page numbers, and select all N matching acts on users of every page", async ({ page, request }) => {
    const { marker, members } = await registerMembers(request);
    await signInAsStaff(page, `/admin/users?q=${marker}&sort=username&pageSize=2`);
    const pages = page.getByRole("navigation", { name: "Pagination" });
    await expect(pages.getByRole("link", { name: "Page 1" })).toHaveAttribute("aria-current", "page");
    await pages.getByRole("link", { name: "Page 2" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(pages.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");
    await expect(pages.getByRole("link", { name: "Page 1" })).not.toHaveAttribute("aria-current");
    await expect(page.getByTestId("result-count")).toHaveText("3–3 of 3 users");
    await pages.getByRole("link", { name: "Previous" }).click();
    await expect(page.getByTestId("result-count")).toHaveText("1–2 of 3 users");

    await page.getByRole("checkbox", { name: "Select all users on this page" }).check();
    await expect(page.getByText("All 2 users on this page are selected.")).toBeVisible();
    await page.getByRole("button", { name: "Select all 3 matching" }).click();
    await expect(page.getByText("All 3 matching users are selected.")).toBeVisible();
    await expect(page.getByText("3 selected")).toBeVisible();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await toastComesAndGoes(page, "Deactivated 3 users.");
    for (const member of members) {
      const me = await request.get("/api/auth/me", { headers: { authorization: `Bearer ${member.token}` } });
      expect(me.status(), member.username).toBe(401);
    }
    await page.getByLabel("Active", { exact: true }).selectOption("false");
    await expect(page.getByTestId("result-count")).toHaveText("1–2 of 3 users");
  });

  test("copy buttons put the id, e-mail and phone on the clipboard", async ({ page, request, baseURL }) => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    const { marker, members } = await registerMembers(request);
    const [a] = members;
    await signInAsStaff(page, `/admin/users?q=${marker}_a`);
    for (const [what, value] of [
      ["e-mail", a.email],
      ["phone", a.phoneNumber],
      ["user ID", a.id],
    ]) {
      await row(page, a.username)
        .getByRole("button", { name: `Copy ${what}` })
        .click();
      await expect(page.locator("[data-sonner-toast]").filter({ hasText: `Copied ${what}.` })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    }
  });

  test("the list and the audit log look right: axe (a hovered Delete too), light and dark, 1280 and 390 px", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { marker, members } = await registerMembers(request);
    await signInAsStaff(page, `/admin/users?q=${marker}&isStaff=false`);
    await row(page, members[0].username).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await toastComesAndGoes(page, "Deactivated 1 user.");
    await checkLook(page, testInfo, "admin-users");

    // The Delete button as the pointer rests on it, in both schemes.
    await row(page, members[1].username).getByRole("checkbox").check();
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.getByRole("button", { name: "Delete", exact: true }).hover();
      await page.waitForFunction(() => document.getAnimations().length === 0);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });

    // At 390 px nothing sticks out sideways: no element, not just the page.
    await page.setViewportSize({ width: 390, height: 900 });
    for (const path of [`/admin/users?q=${marker}`, "/admin/audit"]) {
      await page.goto(path);
      expect(await overflowing(page), path).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // The audit log in words: labels for actions and fields, times relative with the exact one on hover.
    await page.goto(`/admin/audit?target=${members[0].username}`);
    const log = page.getByRole("table", { name: "Staff changes" });
    await expect(log).toContainText("Deactivated");
    await expect(log).toContainText("Active: Yes → No");
    await expect(log).not.toContainText("isActive");
    await expect(log.locator("time").first()).toHaveText(/^(just now|\d+ minutes? ago)$/);
    await expect(log.locator("time").first()).toHaveAttribute("title", /UTC$/);
    await page.goto("/admin/audit");
    await checkLook(page, testInfo, "admin-audit");

    // The filled button's focus ring, as a keyboard user sees it (a screenshot to look at).
    await page.getByLabel("Target user").focus();
    await page.keyboard.press("Tab");
    const filter = page.getByRole("button", { name: "Filter" });
    await expect(filter).toBeFocused();
    const box = (await filter.boundingBox())!;
    const clip = { x: box.x - 12, y: box.y - 12, width: box.width + 24, height: box.height + 24 };
    await page.screenshot({ path: testInfo.outputPath("primary-focus-light.png"), clip });
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
    await expect(page).toHaveURL(/mfaEnabled=true/);
    await expect(page.getByTestId("result-count")).toHaveText("1–1 of 1 user");
    await expect(row(page, b.username)).toBeVisible();
    await expect(twoFactor).toHaveValue("true");

    await twoFactor.selectOption("false");
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
