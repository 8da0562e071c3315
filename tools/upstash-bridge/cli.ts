/**
 * npm run bridge — serves the Upstash REST API in front of a local Redis, so several app
 * processes can share rate limits and lockouts exactly as they would on Upstash.
 *
 *   REDIS_URL     redis://127.0.0.1:6379 (default)
 *   BRIDGE_PORT   8079 (default)
 *   BRIDGE_TOKEN  dev-token (default)
 */
import { createBridgeRedis, startBridge } from "./bridge";

const redisUrl = process.env.REDIS_URL?.trim() || "redis://127.0.0.1:6379";
const port = Number(process.env.BRIDGE_PORT?.trim() || 8079);
const token = process.env.BRIDGE_TOKEN?.trim() || "dev-token";

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`BRIDGE_PORT must be a port number, got "${process.env.BRIDGE_PORT}"`);
  process.exit(1);
}

const redis = createBridgeRedis(redisUrl);

try {
  const bridge = await startBridge({ port, host: "127.0.0.1", token, redis });
  console.log(`Upstash REST bridge for ${redisUrl.replace(/\/\/[^@]*@/, "//***@")}. Give the app:`);
  console.log(`  UPSTASH_REDIS_REST_URL=${bridge.url}`);
  console.log(`  UPSTASH_REDIS_REST_TOKEN=${token}`);
  const stop = async () => {
    await bridge.close();
    redis.disconnect();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
} catch (error) {
  console.error(`Bridge not started: ${(error as Error).message}`);
  redis.disconnect();
  process.exit(1);
}
