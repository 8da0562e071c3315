import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

/**
 * Structured JSON logs on stdout, one object per line.
 * Every line written inside a request carries its requestId, taken from an AsyncLocalStorage
 * so domain code never has to pass a logger around.
 */

type RequestContext = { requestId: string };

const requestContext = new AsyncLocalStorage<RequestContext>();

/** Keys whose values never reach a log line, wherever they are nested. */
const SECRET_KEYS = [
  "password",
  "newPassword",
  "passwordHash",
  "otp",
  "code",
  "codeHash",
  "token",
  "accessToken",
  "authorization",
  "cookie",
  "secret",
];

const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

function level(): string {
  // Read directly (not via config()) so that logging works even while reporting a bad config.
  const value = process.env.LOG_LEVEL?.trim().toLowerCase();
  return value && ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(value) ? value : "info";
}

export const logger = pino({
  level: level(),
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  messageKey: "msg",
  formatters: { level: (label) => ({ level: label }) },
  redact: { paths: redactPaths, censor: "[redacted]" },
  mixin: () => {
    const ctx = requestContext.getStore();
    return ctx ? { requestId: ctx.requestId } : {};
  },
});

export type Logger = typeof logger;

/** Runs fn with a request id that every log line inside it carries. */
export function withRequestContext<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}
