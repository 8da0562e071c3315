import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import { config } from "@/lib/config";
import { adminPaths } from "@/lib/openapi/admin-paths";
import { authPaths } from "@/lib/openapi/auth-paths";
import { systemPaths } from "@/lib/openapi/system-paths";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas that validate each route.
 * Each feature contributes its own paths object; add it to paths() below.
 */
function paths(): ZodOpenApiPathsObject[] {
  return [authPaths(config().phoneDefaultRegion), adminPaths(config().phoneDefaultRegion), systemPaths];
}

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Accounts API",
      version: "1.0.0",
      description:
        "Sign-up, sign-in, password recovery and staff administration. Every error is application/problem+json (RFC 9457).",
    },
    paths: Object.assign({}, ...paths()),
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  });
  return cached;
}
