import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const base = { DATA_DIR: ".test-output/config", AUTH_SECRET: "x".repeat(32) };

describe("parseConfig", () => {
  it("applies the contract's defaults", () => {
    const c = parseConfig(base);
    expect(c.rateLimitPerMinute).toBe(20);
    expect(c.loginMaxFailures).toBe(5);
    expect(c.loginLockoutSeconds).toBe(300);
    expect(c.loginAccountMaxFailuresPerHour).toBe(100);
    expect(c.phoneDefaultRegion).toBe("US");
    expect(c.otpTtlSeconds).toBe(600);
    expect(c.otpMaxAttempts).toBe(5);
    expect(c.jwtTtlSeconds).toBe(2_592_000);
    expect(c.trustProxyHeaders).toBe(false);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.upstash).toBeUndefined();
  });

  it.each([
    ["RATE_LIMIT_PER_MINUTE", "abc"],
    ["LOGIN_MAX_FAILURES", "-1"],
    ["OTP_TTL_SECONDS", "1.5"],
    ["TRUST_PROXY_HEADERS", "maybe"],
    ["DATABASE_URL", "mysql://x"],
    ["SMTP_URL", "http://mail"],
    ["PHONE_DEFAULT_REGION", "USA"],
    ["LOG_LEVEL", "loud"],
  ])("stops on a bad %s naming the variable", (name, value) => {
    expect(() => parseConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, [name]: value })).toThrow(name);
  });

  it("requires AUTH_SECRET in production", () => {
    expect(() => parseConfig({ NODE_ENV: "production", DATA_DIR: base.DATA_DIR })).toThrow("AUTH_SECRET");
  });

  it("generates and keeps a secret outside production", () => {
    const dir = `.test-output/config-${process.pid}-${Date.now()}`;
    const first = parseConfig({ DATA_DIR: dir }).authSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(parseConfig({ DATA_DIR: dir }).authSecret).toBe(first);
  });

  it("wants both Upstash variables or neither", () => {
    expect(() => parseConfig({ ...base, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079" })).toThrow(
      "UPSTASH_REDIS_REST_TOKEN",
    );
  });
});
