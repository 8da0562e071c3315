import type { Page } from "@playwright/test";
import { expect, newIdentity, test } from "./fixtures";
import { checkLook } from "./look";
import { STAFF } from "./staff";

type Stats = {
  totals: Record<"users" | "active" | "staff" | "emailVerified" | "mfaEnabled", number>;
  daily: Array<{ date: string } & Record<string, number>>;
};

const CHARTS = ["signUps", "signIns", "failedSignIns", "lockouts", "rateLimited", "passwordResets"];
const TOTALS = ["users", "active", "staff", "emailVerified", "mfaEnabled"] as const;

/** What the page shows: each total, and each chart's table as rows of [date, count]. */
async function numbersOnPage(page: Page) {
  const totals: Record<string, string> = {};
  for (const key of TOTALS) totals[key] = await page.locator(`[data-total="${key}"] dd`).first().innerText();
  const charts: Record<string, string[][]> = {};
  for (const key of CHARTS) {
    charts[key] = await page
      .locator(`figure[data-chart="${key}"] tbody tr`)
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? "")));
  }
  return { totals, charts };
}

/** The same, as the API's numbers should be shown. */
function numbersOf(stats: Stats) {
  const shown = (n: number) => n.toLocaleString("en-US");
  return {
    totals: Object.fromEntries(TOTALS.map((key) => [key, shown(stats.totals[key])])),
    charts: Object.fromEntries(CHARTS.map((key) => [key, stats.daily.map((day) => [day.date, shown(day[key])])])),
  };
}

test.describe("staff overview", () => {
  test("totals and six daily charts whose tables hold the API's numbers; light, dark, wide and narrow", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(120_000);
    // Something to count today: a sign-up, a failed sign-in and a sign-in.
    const who = newIdentity();
    const registered = await request.post("/api/auth/register", {
      data: { username: who.username, phoneNumber: who.phoneE164, email: who.email, password: who.password },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const failed = await request.post("/api/auth/login", {
      data: { identifier: who.username, password: `${who.password}-wrong` },
    });
    expect(failed.status()).toBe(401);
    const staffLogin = await request.post("/api/auth/login", {
      data: { identifier: STAFF.username, password: STAFF.password },
    });
    expect(staffLogin.status()).toBe(200);
    const { accessToken } = (await staffLogin.json()) as { accessToken: string };

    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await page.getByLabel("Username or phone").fill(STAFF.username);
    await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page).toHaveTitle(/Overview/);
    await expect(page.getByRole("navigation", { name: "Staff console" }).getByRole("link").first()).toHaveText(
      "Overview",
    );

    // Other specs may write between the page's render and the API's read (locally they run in
    // parallel): read both again until they agree.
    let stats: Stats | undefined;
    await expect(async () => {
      await page.reload();
      const response = await request.get("/api/admin/stats", { headers: { authorization: `Bearer ${accessToken}` } });
      expect(response.status()).toBe(200);
      stats = (await response.json()) as Stats;
      expect(await numbersOnPage(page)).toEqual(numbersOf(stats));
    }).toPass({ timeout: 60_000 });
    expect(stats!.daily).toHaveLength(30);
    const today = stats!.daily.at(-1)!;
    expect(today.signUps).toBeGreaterThanOrEqual(1);
    expect(today.failedSignIns).toBeGreaterThanOrEqual(1);
    expect(today.signIns).toBeGreaterThanOrEqual(2);

    await expect(page.locator("figure[data-chart]")).toHaveCount(6);
    for (const key of CHARTS) {
      await expect(page.locator(`figure[data-chart="${key}"]`).getByRole("img")).toHaveAttribute(
        "aria-label",
        /in the last 30 days|none in the last 30 days/,
      );
    }

    // The numbers open under each chart.
    const signUps = page.locator('figure[data-chart="signUps"]');
    await signUps.getByText("Show the numbers").click();
    await expect(signUps.getByRole("table", { name: "Sign-ups per UTC day" })).toBeVisible();
    await expect(signUps.getByRole("row").last()).toContainText(today.date);

    await checkLook(page, testInfo, "admin-overview");
  });
});
