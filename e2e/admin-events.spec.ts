import { expect, test } from "./fixtures";
import { checkLook } from "./look";
import { STAFF } from "./staff";

/** Failed sign-ins for names no one has, each from its own address: rows told apart by their IP. */
async function failSignIns(request: import("@playwright/test").APIRequestContext, count: number, marker: number) {
  const ips: string[] = [];
  for (let i = 0; i < count; i++) {
    const ip = `198.${marker % 250}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const response = await request.post("/api/auth/login", {
      data: { identifier: `nobody_${marker}_${i}`, password: "wrong-password-1" },
      headers: { "x-forwarded-for": ip },
    });
    expect(response.status()).toBe(401);
    ips.push(ip);
  }
  return ips;
}

/** Waits until the table's first row is from `ip`: a navigation's new rows, not the old page's. */
const firstRowFrom = (page: import("@playwright/test").Page, ip: string) =>
  expect(page.locator("table tbody tr td:nth-child(4)").first()).toHaveText(
    new RegExp(`^${ip.replace(/\./g, "\\.")}(?!\\d)`),
  );

const rowIps = async (page: import("@playwright/test").Page) =>
  (await page.locator("table tbody tr td:nth-child(4)").allInnerTexts()).map((text) => text.split(" · ")[0]);

test.describe("staff events /admin/events", () => {
  test("filters by type with a clean URL, pages older and newer by keyset, looks right", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(180_000);
    const marker = Math.floor(Math.random() * 250);
    const ips = await failSignIns(request, 55, marker);

    await page.goto("/admin/events");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await page.getByLabel("Username or phone").fill(STAFF.username);
    await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible({ timeout: 20_000 });
    await expect(
      page.getByRole("navigation", { name: "Staff console" }).getByRole("link", { name: "Events" }),
    ).toHaveAttribute("href", "/admin/events");

    await page.getByLabel("Event type").selectOption({ label: "Failed sign-in" });
    await expect(page).toHaveURL(/\/admin\/events\?type=sign_in_failed$/);
    await firstRowFrom(page, ips.at(-1)!);
    const rows = page.locator("table tbody tr");
    await expect(rows).toHaveCount(50);
    for (const label of await page.locator("table tbody tr td:nth-child(2)").allInnerTexts()) {
      expect(label).toBe("Failed sign-in");
    }
    // Newest first: the last 50 failures written, the newest on top.
    const first = await rowIps(page);
    expect(first).toEqual(ips.slice(-50).reverse());
    const when = page.locator("table tbody tr td:first-child time").first();
    await expect(when).toHaveAttribute("title", /UTC$/);
    await expect(when).toHaveText(/just now|minute/);
    await expect(page.locator("table tbody tr td:nth-child(3)").first()).toHaveText("No account");

    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/\?type=sign_in_failed&cursor=/);
    await firstRowFrom(page, ips[4]);
    const second = await rowIps(page);
    expect(second.slice(0, 5)).toEqual(ips.slice(0, 5).reverse());
    expect(second.filter((ip) => first.includes(ip))).toEqual([]);
    await page.getByRole("link", { name: "Newer" }).click();
    await firstRowFrom(page, ips.at(-1)!);
    await expect(page).toHaveURL(/\?type=sign_in_failed&cursor=/);
    expect(await rowIps(page)).toEqual(first);
    await expect(page.getByRole("link", { name: "Newer" })).toHaveCount(0);

    await checkLook(page, testInfo, "admin-events");

    // A user's events: the user link leads to their page; a user with none shows the empty state.
    await page.getByLabel("Event type").selectOption({ label: "Any type" });
    await expect(page).toHaveURL(/\/admin\/events$/);
    await page.getByLabel("User id").fill("no-such-user");
    await page.getByLabel("User id").press("Enter");
    await expect(page).toHaveURL(/\/admin\/events\?userId=no-such-user$/);
    await expect(page.getByText("No events match these filters.")).toBeVisible();
    await checkLook(page, testInfo, "admin-events-empty");

    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/admin\/events$/);
    const staffLink = page.locator(`table a[href^="/admin/users/"]`, { hasText: STAFF.username }).first();
    await expect(staffLink).toBeVisible();
    await staffLink.click();
    await expect(page).toHaveURL(/\/admin\/users\/[^/?]+$/);
  });
});
