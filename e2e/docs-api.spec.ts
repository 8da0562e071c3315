import { expect, test } from "./fixtures";
import { checkLook } from "./look";

type OpenApi = { paths: Record<string, Record<string, { tags?: string[] }>> };

test.describe("API reference /docs/api", () => {
  test("lists every operation of the OpenAPI document, signed out, with nothing fetched from elsewhere", async ({
    page,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    const origin = new URL(baseURL!).origin;
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && url.protocol !== "data:") elsewhere.push(request.url());
    });
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

    const document = (await (await page.request.get("/api/openapi.json")).json()) as OpenApi;
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, tags: operation.tags?.length || 1 })),
    );
    expect(operations.length).toBeGreaterThan(20);

    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API", exact: true }).click();
    await expect(page).toHaveURL(/\/docs\/api$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
    await expect(page.locator(".swagger-ui .opblock").first()).toBeVisible({ timeout: 30_000 });

    // Swagger UI lists an operation under each of its tags.
    for (const { path, method, tags } of operations) {
      const summary = page.locator(`.opblock.opblock-${method} .opblock-summary-path[data-path="${path}"]`);
      await expect(summary, `${method.toUpperCase()} ${path}`).toHaveCount(tags);
    }
    const listed = operations.reduce((sum, operation) => sum + operation.tags, 0);
    expect(await page.locator(".swagger-ui .opblock").count()).toBe(listed);

    // An operation opens with its example response bodies.
    const login = page.locator('.opblock.opblock-post:has(.opblock-summary-path[data-path="/api/auth/login"])');
    await login.locator(".opblock-summary-control").click();
    await expect(login.locator(".responses-table")).toContainText("429");
    await expect(login.locator(".responses-table")).toContainText("accessToken");

    // Swagger UI lays its operations out in a <main> of its own, inside the page's: the only
    // rules its markup fails that the page cannot fix from outside.
    await checkLook(page, testInfo, "docs-api", {
      disableRules: ["landmark-main-is-top-level", "landmark-no-duplicate-main", "landmark-unique"],
    });
    // Swagger UI's own dark theme follows the system setting.
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark-mode/);
    await page.emulateMedia({ colorScheme: "light" });
    await expect(page.locator("html")).not.toHaveClass(/dark-mode/);

    expect(elsewhere).toEqual([]);
    expect(violations).toEqual([]);
  });

  test("serves Swagger UI's files from this origin, cached for good; other names are 404", async ({ page }) => {
    await page.goto("/docs/api");
    const [script, stylesheet] = await Promise.all(
      ["script[src*='swagger-ui-bundle.js']", "link[rel=stylesheet][href*='swagger-ui.css']"].map((selector) =>
        page
          .locator(selector)
          .first()
          .evaluate((element) => (element as HTMLScriptElement).src || (element as HTMLLinkElement).href),
      ),
    );
    for (const url of [script, stylesheet]) {
      expect(new URL(url).origin).toBe(new URL(page.url()).origin);
      const response = await page.request.get(url);
      expect(response.status()).toBe(200);
      expect(response.headers()["cache-control"]).toContain("immutable");
    }
    expect((await page.request.get("/docs/api/assets/package.json")).status()).toBe(404);
    expect((await page.request.get("/docs/api/assets/..%2Fpackage.json")).status()).toBe(404);
  });
});
