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

describe("identity providers", () => {
  const github = { AUTH_GITHUB_ID: "gh-id", AUTH_GITHUB_SECRET: "gh-secret" };
  const google = { AUTH_GOOGLE_ID: "g-id", AUTH_GOOGLE_SECRET: "g-secret" };
  const oidc = {
    AUTH_OIDC_ISSUER: "https://idp.example.test/realms/staff",
    AUTH_OIDC_ID: "o-id",
    AUTH_OIDC_SECRET: "o-s",
  };

  it("has none unless configured; blank variables count as unset", () => {
    expect(parseConfig(base).providers).toEqual({});
    const blank = { AUTH_GITHUB_ID: "", AUTH_GITHUB_SECRET: " ", AUTH_OIDC_ISSUER: "", AUTH_OIDC_NAME: "Okta" };
    expect(parseConfig({ ...base, ...blank }).providers).toEqual({});
  });

  it('turns on each complete group, the OIDC one named "single sign-on" unless AUTH_OIDC_NAME says otherwise', () => {
    expect(parseConfig({ ...base, ...github, ...google, ...oidc }).providers).toEqual({
      github: { clientId: "gh-id", clientSecret: "gh-secret" },
      google: { clientId: "g-id", clientSecret: "g-secret" },
      oidc: { issuer: oidc.AUTH_OIDC_ISSUER, clientId: "o-id", clientSecret: "o-s", name: "single sign-on" },
    });
    const named = parseConfig({ ...base, ...oidc, AUTH_OIDC_NAME: "Acme SSO" }).providers;
    expect(named).toEqual({ oidc: expect.objectContaining({ name: "Acme SSO" }) });
  });

  it("drops the issuer's trailing slashes", () => {
    for (const issuer of ["https://idp.example.test/realms/staff/", "https://idp.example.test/realms/staff//"]) {
      expect(parseConfig({ ...base, ...oidc, AUTH_OIDC_ISSUER: issuer }).providers.oidc?.issuer).toBe(
        "https://idp.example.test/realms/staff",
      );
    }
  });

  it.each([
    [{ AUTH_GITHUB_ID: "gh-id" }, ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"]],
    [{ AUTH_GITHUB_SECRET: "gh-secret" }, ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"]],
    [{ AUTH_GOOGLE_SECRET: "g-secret", AUTH_GOOGLE_ID: "" }, ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"]],
    [{ ...oidc, AUTH_OIDC_SECRET: undefined }, ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"]],
    [{ AUTH_OIDC_ISSUER: oidc.AUTH_OIDC_ISSUER }, ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"]],
  ])("stops on a half-set group %j, naming its variables", (env, names) => {
    const parse = () => parseConfig({ ...base, ...env });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow("must be set together");
    for (const name of names) expect(parse).toThrow(name);
  });

  it("stops on an issuer that is not an http(s) URL", () => {
    expect(() => parseConfig({ ...base, ...oidc, AUTH_OIDC_ISSUER: "idp.example.test" })).toThrow("AUTH_OIDC_ISSUER");
    expect(() => parseConfig({ ...base, ...oidc, AUTH_OIDC_ISSUER: "ftp://idp.example.test" })).toThrow(ConfigError);
  });
});
