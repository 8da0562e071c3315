import { z } from "zod";
import { checkHealth } from "@/lib/health";
import { jsonResponse } from "@/lib/http/json-response";
import { problem, problemResponse } from "@/lib/http/problem";
import { defineRoute } from "../define";
import { json, problemSchema } from "../openapi";

const healthSchema = z
  .object({ status: z.literal("ok"), database: z.literal("ok"), rateLimiter: z.literal("ok") })
  .meta({ id: "Health" });

export const healthRoute = defineRoute({
  method: "get",
  path: "/api/health",
  summary: "Health of the app and its dependencies",
  tags: ["system"],
  access: "public",
  responses: {
    "200": json(healthSchema, "Everything works"),
    "503": {
      description: "A dependency is down; `database` / `rateLimiter` say which",
      content: { "application/problem+json": { schema: problemSchema } },
    },
  },
  handler: async () => {
    const health = await checkHealth();
    if (health.status === "ok") return jsonResponse(health, { headers: { "cache-control": "no-store" } });
    const failing = (["database", "rateLimiter"] as const).filter((part) => health[part] !== "ok");
    return problemResponse(
      problem(503, {
        detail: `Unavailable: ${failing.join(", ")}.`,
        database: health.database,
        rateLimiter: health.rateLimiter,
      }),
    );
  },
});
