import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { json, problemSchema } from "@/lib/openapi/common";

export const healthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.literal("ok"),
    rateLimiter: z.literal("ok"),
  })
  .meta({ id: "Health" });

export const systemPaths: ZodOpenApiPathsObject = {
  "/api/health": {
    get: {
      summary: "Health of the app and its dependencies",
      tags: ["system"],
      responses: {
        "200": json(healthSchema, "Everything works"),
        "503": {
          description: "A dependency is down; `database` / `rateLimiter` say which",
          content: { "application/problem+json": { schema: problemSchema } },
        },
      },
    },
  },
  "/api/openapi.json": {
    get: {
      summary: "This document",
      tags: ["system"],
      responses: { "200": { description: "OpenAPI 3.1 document" } },
    },
  },
};
