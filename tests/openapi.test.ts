import { beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { openApiDocument } from "@/lib/api/routes";

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
