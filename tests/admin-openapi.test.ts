import { beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { openApiDocument } from "@/lib/api/routes";

type Operation = {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown;
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }> };
};

let doc: Doc;
beforeAll(() => {
  process.env.AUTH_SECRET ??= "x".repeat(32);
  resetConfigForTests();
  doc = openApiDocument() as Doc;
});

describe("the staff API in the OpenAPI document", () => {
  it("lists every staff route with bearer security and its failures", () => {
    for (const [path, method, statuses] of [
      ["/api/admin/users", "get", ["200", "400", "401", "403"]],
      ["/api/admin/users/export", "get", ["200", "401", "403"]],
      ["/api/admin/users/bulk", "post", ["200", "400", "401", "403"]],
      ["/api/admin/users/{id}", "get", ["200", "401", "403", "404"]],
      ["/api/admin/users/{id}", "patch", ["200", "400", "401", "403", "404", "409"]],
      ["/api/admin/users/{id}", "delete", ["204", "401", "403", "404"]],
      ["/api/admin/users/{id}/restore", "post", ["200", "401", "403", "404"]],
    ] as const) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining([...statuses]));
    }
  });

  it("describes the query and bodies from the validating schemas", () => {
    const query = doc.paths["/api/admin/users"].get.parameters?.map((p) => p.name).sort();
    expect(query).toEqual([
      "deleted",
      "isActive",
      "isStaff",
      "joinedFrom",
      "joinedTo",
      "mfaEnabled",
      "page",
      "pageSize",
      "q",
      "sort",
    ]);
    // The export takes the listing's filters (not its paging).
    expect(doc.paths["/api/admin/users/export"].get.parameters?.map((p) => p.name)).toContain("mfaEnabled");
    expect(Object.keys(doc.components.schemas.AdminUserPatch.properties ?? {}).sort()).toEqual([
      "email",
      "isActive",
      "isStaff",
      "phoneNumber",
    ]);
    expect(doc.components.schemas.AdminUserPatch.additionalProperties).toBe(false);
    expect(Object.keys(doc.components.schemas.BulkActionRequest.properties ?? {}).sort()).toEqual(["action", "ids"]);
  });
});
