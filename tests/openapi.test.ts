import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRoutes, openApiDocument } from "@/lib/api/routes";
import { resetConfigForTests } from "@/lib/config";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

let doc: Doc;
beforeAll(() => {
  process.env.AUTH_SECRET ??= "x".repeat(32);
  resetConfigForTests();
  doc = openApiDocument() as Doc;
});

describe("GET /api/openapi.json", () => {
  it("is OpenAPI 3.1 and lists every route of the contract built so far", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const [path, method] of [
      ["/api/auth/register", "post"],
      ["/api/auth/login", "post"],
      ["/api/auth/forgot-password", "post"],
      ["/api/auth/reset-password", "post"],
      ["/api/auth/me", "get"],
      ["/api/health", "get"],
      ["/api/openapi.json", "get"],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it("describes request bodies from the validating schemas", () => {
    const register = doc.components.schemas.RegisterRequest;
    expect(Object.keys(register.properties ?? {}).sort()).toEqual(["email", "password", "phoneNumber", "username"]);
    expect(register.required?.sort()).toEqual(["password", "phoneNumber", "username"]);
    expect(doc.components.schemas.User.properties).not.toHaveProperty("passwordHash");
    expect(doc.paths["/api/auth/login"].post.responses).toHaveProperty("429");
  });
});

describe("one listing of the API", () => {
  it("documents exactly the routes the app serves: each route once, nothing else", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(apiRoutes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it("leaves Next a single catch-all under app/api, which hands every request to the same API app", async () => {
    const files = readdirSync("app/api", { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    expect(files).toEqual([path.join("[[...route]]", "route.ts")]);
    const { GET, POST } = await import("@/app/api/[[...route]]/route");
    const missing = await GET(new Request("http://localhost/api/nowhere"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ detail: "No API endpoint at /api/nowhere." });
    const login = await POST(
      new Request("http://localhost/api/auth/login", {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "x",
      }),
    );
    expect(login.status).toBe(415);
    expect(login.headers.get("x-request-id")).toBeTruthy();
  });
});

type Content = Record<string, { example?: unknown }>;
type ZodContent = Record<string, { schema?: { safeParse?: (value: unknown) => { success: boolean } } }>;

describe("every route documented with examples and its error responses", () => {
  const operations = () =>
    apiRoutes.map((route) => ({
      route,
      name: `${route.method} ${route.path}`,
      responses: doc.paths[route.path][route.method].responses as Record<string, { content?: Content }>,
    }));

  it("lists the failures its access, input and rate limit imply", () => {
    for (const { route, name, responses } of operations()) {
      const statuses = Object.keys(responses);
      const expected = [
        ...(route.access === "public" ? [] : ["401"]),
        ...(route.access === "staff" ? ["403"] : []),
        ...(route.query || route.body ? ["400"] : []),
        ...(route.rateLimit ? ["429"] : []),
      ];
      for (const status of expected) expect(statuses, name).toContain(status);
      expect(statuses.filter((status) => status.startsWith("2")).length, name).toBeGreaterThan(0);
    }
  });

  it("gives every success body an example that its own schema accepts", () => {
    for (const { route, name, responses } of operations()) {
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith("2")) continue;
        for (const [mediaType, content] of Object.entries(response.content ?? {})) {
          expect(content.example, `${name} ${status} ${mediaType}`).toBeDefined();
          const documented = (route.responses as unknown as Record<string, { content?: ZodContent }>)[status];
          const schema = documented?.content?.[mediaType]?.schema;
          if (schema?.safeParse) expect(schema.safeParse(content.example).success, `${name} ${status}`).toBe(true);
        }
      }
    }
  });

  it("gives every problem response an example problem+json body of its status", () => {
    for (const { name, responses } of operations()) {
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const example = response.content?.["application/problem+json"]?.example as Record<string, unknown>;
        expect(example, `${name} ${status}`).toMatchObject({ status: Number(status) });
        expect(example.type, `${name} ${status}`).toMatch(/^\/problems\//);
        expect(typeof example.title, `${name} ${status}`).toBe("string");
        expect(typeof example.detail, `${name} ${status}`).toBe("string");
      }
    }
  });

  it("shows, for a 400, the field errors the route's own schemas give", () => {
    const register = doc.paths["/api/auth/register"].post.responses["400"] as { content: Content };
    expect(register.content["application/problem+json"].example).toMatchObject({
      status: 400,
      errors: { username: expect.any(Array), phoneNumber: expect.any(Array), password: expect.any(Array) },
    });
    const users = doc.paths["/api/admin/users"].get.responses["400"] as { content: Content };
    expect(users.content["application/problem+json"].example).toMatchObject({
      detail: "The query has invalid parameters.",
      errors: expect.any(Object),
    });
  });
});
