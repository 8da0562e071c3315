import { pingDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { pingRateLimiter } from "@/lib/rate-limit";

export type PartStatus = "ok" | "unavailable";
export type Health = { status: "ok" | "degraded"; database: PartStatus; rateLimiter: PartStatus };

/** Checks each dependency in parallel; a failure is logged and named, never thrown. */
export async function checkHealth(): Promise<Health> {
  const [database, rateLimiter] = await Promise.all([probe("database", pingDb), probe("rateLimiter", pingRateLimiter)]);
  return { status: database === "ok" && rateLimiter === "ok" ? "ok" : "degraded", database, rateLimiter };
}

async function probe(part: string, ping: () => Promise<void>): Promise<PartStatus> {
  try {
    await ping();
    return "ok";
  } catch (err) {
    logger.error({ err, part }, "health check failed");
    return "unavailable";
  }
}
