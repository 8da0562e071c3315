import { checkHealth } from "@/lib/health";
import { problem, problemResponse } from "@/lib/http/problem";
import { otherMethods, withApi } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withApi({}, async () => {
  const health = await checkHealth();
  if (health.status === "ok") {
    return Response.json(health, { headers: { "cache-control": "no-store" } });
  }
  const failing = (["database", "rateLimiter"] as const).filter((part) => health[part] !== "ok");
  return problemResponse(
    problem(503, { detail: `Unavailable: ${failing.join(", ")}.`, database: health.database, rateLimiter: health.rateLimiter }),
  );
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
