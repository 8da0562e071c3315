/**
 * Whether an error means the database could not be reached or dropped the connection (server
 * stopped, restarting, unreachable), as opposed to a query of ours being wrong. Such failures
 * are a dependency outage: the API answers 503 naming the database, not an opaque 500.
 */

/** Prisma's codes for "can't reach", "timed out", "connection closed". */
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
/** @prisma/adapter-pg's kinds for the same (carried in `meta.driverAdapterError.cause`). */
const ADAPTER_CONNECTION_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** SQLSTATE 08… connection exception, 57P… shutdown / starting up, 53300 too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4]$|53300$)/;
/** Socket errors, as node-postgres throws them when getDb() first opens (and migrates) the database. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EPIPE"]);
/** node-postgres's own connection failures, which carry no code (they reach us unwrapped). */
const PG_CONNECTION_MESSAGES = /^(timeout exceeded when trying to connect|Connection terminated)/;

type Cause = { kind?: unknown; code?: unknown };
type Shape = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  syscall?: unknown;
  severity?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: Cause } };
};

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as Shape;
  if (e.name === "PrismaClientInitializationError") return true;
  if (e.name === "PrismaClientKnownRequestError" && PRISMA_CONNECTION_CODES.has(String(e.code))) return true;
  const cause = e.name === "DriverAdapterError" ? (e.cause as Cause | undefined) : e.meta?.driverAdapterError?.cause;
  if (cause && ADAPTER_CONNECTION_KINDS.has(String(cause.kind))) return true;
  if (cause?.kind === "postgres" && UNAVAILABLE_SQLSTATE.test(String(cause.code))) return true;
  // node-postgres itself (getDb()'s migration step): a socket error, or the server's own refusal.
  if (typeof e.syscall === "string" && SOCKET_CODES.has(String(e.code))) return true;
  if (typeof e.severity === "string" && UNAVAILABLE_SQLSTATE.test(String(e.code))) return true;
  return typeof e.message === "string" && PG_CONNECTION_MESSAGES.test(e.message);
}
