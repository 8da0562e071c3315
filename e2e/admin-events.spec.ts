import type { APIRequestContext, Page } from "@playwright/test";
import { expect, newIdentity, test } from "./fixtures";
import { checkLook } from "./look";
import { STAFF } from "./staff";

/**
 * A fresh user who signs in `count` times, each from its own address: rows told apart by their
 * IP. The spec filters by this user, so what other specs write meanwhile is never in its table.
 */
async function signInsOfFreshUser(request: APIRequestContext, count: number) {
  const who = newIdentity();
  const registered = await request.post("/api/auth/register", {
    data: { username: who.username, phoneNumber: who.phoneE164, password: who.password },
  });
  expect(registered.status()).toBe(201);
  const { user } = (await registered.json()) as { user: { id: string } };
  const marker = Math.floor(Math.random() * 250);
  const ips: string[] = [];
  for (let i = 0; i < count; i++) {
    const ip = `198.${marker}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const response = await request.post("/api/auth/login", {
      data: { identifier: who.username, password: who.password },
      headers: { "x-forwarded-for": ip },
    });
    expect(response.status()).toBe(200);
    ips.push(ip);
  }
  return { userId: user.id, username: who.username, ips };
}

/** Waits until the table's first row is from `ip`: a navigation's new rows, not the old page's. */
const firstRowFrom = (page: Page, ip: string) =>
  expect(page.locator("table tbody tr td:nth-child(4)").first()).toHaveText(
    new RegExp(`^${ip.replace(/\./g, "\\.")}(?!\\d)`),
  );

const rowIps = async (page: Page) =>
  (await page.locator("table tbody tr td:nth-child(4)").allInnerTexts()).map((text) => text.split(" · ")[0]);

test.describe("staff events /admin/events", () => {
  test("filters by user and type with a clean URL, pages older and newer by keyset, looks right", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(180_000);
    const { userId, username, ips } = await signInsOfFreshUser(request, 55);

    await page.goto(`/admin/events?userId=${userId}`);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await page.getByLabel("Username or phone").fill(STAFF.username);
    await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel("User id")).toHaveValue(userId);
    await expect(
      page.getByRole("navigation", { name: "Staff console" }).getByRole("link", { name: "Events" }),
    ).toHaveAttribute("href", "/admin/events");

    await page.getByLabel("Event type").selectOption({ label: "Signed in" });
    await expect(page).toHaveURL(new RegExp(`/admin/events\\?type=sign_in&userId=${userId}$`));
    await firstRowFrom(page, ips.at(-1)!);
    const rows = page.locator("table tbody tr");
    await expect(rows).toHaveCount(50);
    for (const label of await page.locator("table tbody tr td:nth-child(2)").allInnerTexts()) {
      expect(label).toMatch(/^Signed in/);
    }
    // Newest first: the last 50 sign-ins written, the newest on top.
    const first = await rowIps(page);
    expect(first).toEqual(ips.slice(-50).reverse());
    const when = page.locator("table tbody tr td:first-child time").first();
    await expect(when).toHaveAttribute("title", /UTC$/);
    await expect(when).toHaveText(/just now|minute/);
    await expect(page.locator("table tbody tr td:nth-child(3)").first()).toHaveText(username);

    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/\?type=sign_in&userId=[^&]+&cursor=/);
    await firstRowFrom(page, ips[4]);
    const second = await rowIps(page);
    expect(second.slice(0, 5)).toEqual(ips.slice(0, 5).reverse());
    expect(second.filter((ip) => first.includes(ip))).toEqual([]);
    await page.getByRole("link", { name: "Newer" }).click();
    await firstRowFrom(page, ips.at(-1)!);
    await expect(page).toHaveURL(/\?type=sign_in&userId=[^&]+&cursor=/);
    expect(await rowIps(page)).toEqual(first);
    await expect(page.getByRole("link", { name: "Newer" })).toHaveCount(0);

    await checkLook(page, testInfo, "admin-events");

    // The user link leads to the user's page.
    await page.locator(`table a[href="/admin/users/${userId}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/admin/users/${userId}$`));
    await page.goBack();

    // A user with no events shows the empty state; "Clear filters" shows every event.
    await page.getByLabel("Event type").selectOption({ label: "Any type" });
    await expect(page).toHaveURL(new RegExp(`/admin/events\\?userId=${userId}$`));
    await page.getByLabel("User id").fill("no-such-user");
    await page.getByLabel("User id").press("Enter");
    await expect(page).toHaveURL(/\/admin\/events\?userId=no-such-user$/);
    await expect(page.getByText("No events match these filters.")).toBeVisible();
    await checkLook(page, testInfo, "admin-events-empty");

    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/admin\/events$/);
    await expect(rows.first()).toBeVisible();
  });
});
