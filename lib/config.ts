import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting of the app, read once from the environment.
 * A bad value throws a ConfigError naming the variable, which stops start-up.
 */

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
        ctx.addIssue({ code: "custom", message: `must be a positive whole number, got "${value}"` });
        return z.NEVER;
      }
      return Number(value);
    });

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const v = value.trim().toLowerCase();
      if (["true", "1", "yes"].includes(v)) return true;
      if (["false", "0", "no"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: `must be true or false, got "${value}"` });
      return z.NEVER;
    });

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      try {
        const url = new URL(value);
        if (!protocols.includes(url.protocol)) throw new Error("protocol");
        return value;
      } catch {
        ctx.addIssue({ code: "custom", message: `must be a URL starting with ${protocols.join(" or ")}` });
        return z.NEVER;
      }
    });

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
  UPSTASH_REDIS_REST_URL: optionalUrl(["http:", "https:"]),
  UPSTASH_REDIS_REST_TOKEN: optionalText,
  AUTH_SECRET: optionalText,
  SMTP_URL: optionalUrl(["smtp:", "smtps:"]),
  EMAIL_FROM: optionalText,
  TRUST_PROXY_HEADERS: bool(false),
  RATE_LIMIT_PER_MINUTE: positiveInt(20),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCKOUT_SECONDS: positiveInt(300),
  LOGIN_ACCOUNT_MAX_FAILURES_PER_HOUR: positiveInt(100),
  PHONE_DEFAULT_REGION: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return "US";
      if (!/^[A-Za-z]{2}$/.test(value.trim())) {
        ctx.addIssue({ code: "custom", message: `must be a two-letter region code such as US, got "${value}"` });
        return z.NEVER;
      }
      return value.trim().toUpperCase();
    }),
  OTP_TTL_SECONDS: positiveInt(600),
  OTP_MAX_ATTEMPTS: positiveInt(5),
  JWT_TTL_SECONDS: positiveInt(2_592_000),
  APP_URL: optionalUrl(["http:", "https:"]),
  EVENT_RETENTION_DAYS: positiveInt(90),
  STAFF_MFA_REQUIRED: bool(false),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool(false),
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  AUTH_GOOGLE_ID: optionalText,
  AUTH_GOOGLE_SECRET: optionalText,
  AUTH_OIDC_ISSUER: optionalUrl(["http:", "https:"]),
  AUTH_OIDC_ID: optionalText,
  AUTH_OIDC_SECRET: optionalText,
  AUTH_OIDC_NAME: optionalText,
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return "info" as const;
      const level = value.trim().toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(level)) {
        ctx.addIssue({ code: "custom", message: `must be one of ${LOG_LEVELS.join(", ")}` });
        return z.NEVER;
      }
      return level as (typeof LOG_LEVELS)[number];
    }),
  /** Where the embedded database, the dev secret and the lock live. Not in the contract; handy for tests. */
  DATA_DIR: optionalText,
  MAIL_DIR: optionalText,
});

export type Config = {
  production: boolean;
  databaseUrl: string | undefined;
  upstash: { url: string; token: string } | undefined;
  authSecret: string;
  smtpUrl: string | undefined;
  emailFrom: string;
  trustProxyHeaders: boolean;
  rateLimitPerMinute: number;
  loginMaxFailures: number;
  loginLockoutSeconds: number;
  loginAccountMaxFailuresPerHour: number;
  phoneDefaultRegion: string;
  otpTtlSeconds: number;
  otpMaxAttempts: number;
  jwtTtlSeconds: number;
  /** The public origin, without a trailing slash: links in e-mails, passkeys' relying party. */
  appUrl: string;
  eventRetentionDays: number;
  /** Staff without a second factor (TOTP or a passkey) are kept out of the console and the staff API. */
  staffMfaRequired: boolean;
  /** Webhook endpoints may be on private, loopback and link-local addresses (tests, internal receivers). */
  webhookAllowPrivateUrls: boolean;
  /** The identity providers that are configured; each is on only when all of its variables are set. */
  providers: ProviderSettings;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  mailDir: string;
};

export type OAuthClient = { clientId: string; clientSecret: string };
export type ProviderSettings = {
  github?: OAuthClient;
  google?: OAuthClient;
  oidc?: OAuthClient & { issuer: string; name: string };
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment into a Config; pure apart from creating the dev secret file. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const dataDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), e.DATA_DIR ?? ".data");
  const mailDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), e.MAIL_DIR ?? ".mail");

  if (Boolean(e.UPSTASH_REDIS_REST_URL) !== Boolean(e.UPSTASH_REDIS_REST_TOKEN)) {
    throw new ConfigError(
      "Invalid configuration: UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
    );
  }
  if (e.AUTH_SECRET !== undefined && e.AUTH_SECRET.length < 32) {
    throw new ConfigError("Invalid configuration: AUTH_SECRET must be at least 32 characters");
  }
  if (production && e.AUTH_SECRET === undefined) {
    throw new ConfigError(
      "Invalid configuration: AUTH_SECRET is required in production (generate one with: openssl rand -base64 32)",
    );
  }

  const providers = providerSettings(e);

  return {
    production,
    databaseUrl: e.DATABASE_URL,
    upstash:
      e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN
        ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN }
        : undefined,
    authSecret: e.AUTH_SECRET ?? devSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    emailFrom: e.EMAIL_FROM ?? "Accounts <no-reply@localhost>",
    trustProxyHeaders: e.TRUST_PROXY_HEADERS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    loginAccountMaxFailuresPerHour: e.LOGIN_ACCOUNT_MAX_FAILURES_PER_HOUR,
    phoneDefaultRegion: e.PHONE_DEFAULT_REGION,
    otpTtlSeconds: e.OTP_TTL_SECONDS,
    otpMaxAttempts: e.OTP_MAX_ATTEMPTS,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    appUrl: new URL(e.APP_URL ?? "http://localhost:3000").origin,
    eventRetentionDays: e.EVENT_RETENTION_DAYS,
    staffMfaRequired: e.STAFF_MFA_REQUIRED,
    webhookAllowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS,
    providers,
    logLevel: e.LOG_LEVEL,
    dataDir,
    mailDir,
  };
}

/** Each provider's variables must be set all together or not at all: half a provider is a mistake. */
function providerSettings(e: z.output<typeof envSchema>): ProviderSettings {
  const github = { AUTH_GITHUB_ID: e.AUTH_GITHUB_ID, AUTH_GITHUB_SECRET: e.AUTH_GITHUB_SECRET };
  const google = { AUTH_GOOGLE_ID: e.AUTH_GOOGLE_ID, AUTH_GOOGLE_SECRET: e.AUTH_GOOGLE_SECRET };
  const oidc = {
    AUTH_OIDC_ISSUER: e.AUTH_OIDC_ISSUER,
    AUTH_OIDC_ID: e.AUTH_OIDC_ID,
    AUTH_OIDC_SECRET: e.AUTH_OIDC_SECRET,
  };
  return {
    github: allOrNone(github)
      ? { clientId: github.AUTH_GITHUB_ID!, clientSecret: github.AUTH_GITHUB_SECRET! }
      : undefined,
    google: allOrNone(google)
      ? { clientId: google.AUTH_GOOGLE_ID!, clientSecret: google.AUTH_GOOGLE_SECRET! }
      : undefined,
    oidc: allOrNone(oidc)
      ? {
          issuer: oidc.AUTH_OIDC_ISSUER!.replace(/\/+$/, ""),
          clientId: oidc.AUTH_OIDC_ID!,
          clientSecret: oidc.AUTH_OIDC_SECRET!,
          name: e.AUTH_OIDC_NAME ?? "single sign-on",
        }
      : undefined,
  };
}

function allOrNone(variables: Record<string, string | undefined>): boolean {
  const names = Object.keys(variables);
  const set = names.filter((name) => variables[name] !== undefined).length;
  if (set > 0 && set < names.length) {
    throw new ConfigError(`Invalid configuration: ${names.join(", ")} must be set together`);
  }
  return set > 0;
}

/** Outside production the secret is generated once and kept, so sessions survive restarts. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: theirs wins, so every process signs with one secret.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfigForTests(): void {
  cached = undefined;
}
