/**
 * The app's server, for `npm run dev` and `npm start` alike (Next's documented custom server):
 *
 *   request ─> stamp the TCP peer's address ─> /api/* ─> the API app (lib/api)
 *                                           └> else  ─> Next (pages, server actions)
 *
 * Options as `next start` takes them: -p/--port (or PORT, default 3000), -H/--hostname (default:
 * every interface). Development unless NODE_ENV=production.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { apiApp } from "@/lib/api/app";
import { closeDb } from "@/lib/db";
import { edgeListener } from "@/lib/http/edge";
import { stopMailSender } from "@/lib/mail/sender";
import { startServer } from "@/lib/startup";
import { stopWebhookSender } from "@/lib/webhooks/sender";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`The port must be a number from 0 to 65535, got "${values.port ?? process.env.PORT}".`);
  process.exit(1);
}
const hostname = values.hostname;
const dev = process.env.NODE_ENV !== "production";

// Where Next fetches a server action's redirect target from this process, so that the action's
// answer carries the next page. `next start` sets this; without it Next builds the origin from
// X-Forwarded-Proto, speaks https to this plain-http server behind a TLS-terminating proxy, fails,
// and logs an error on every such redirect.
process.env.__NEXT_PRIVATE_ORIGIN = `http://${loopbackName(hostname)}:${port}`;

await startServer();
const server = createServer();
// Proxies, load balancers and HTTP clients keep an idle connection for up to a minute. A server
// that closes it sooner (Node's default is 5 s) races the client's next request on it, which then
// fails with ECONNRESET (a 502 behind a proxy).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
const nextApp = next({ dev, port, hostname: hostname ?? "localhost", httpServer: server });
await nextApp.prepare();
server.on("request", edgeListener({ api: apiApp.fetch, next: nextApp.getRequestHandler() }));
server.listen(port, hostname, () => {
  console.log(`> Ready on http://${hostname ?? "localhost"}:${port} (${dev ? "development" : "production"})`);
});

/** The name this process can reach itself by, given the address it listens on. */
function loopbackName(listenOn: string | undefined): string {
  if (!listenOn || listenOn === "0.0.0.0") return "localhost";
  if (listenOn === "::") return "[::1]";
  return listenOn.includes(":") ? `[${listenOn}]` : listenOn;
}

// Ctrl-C or a stop: no new connections; Next and the mail sender finish, then the database
// closes (the embedded one releases its lock); then the process exits through process.exit, so
// that exit hooks run (node --cpu-prof writes its profile).
let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close();
  setTimeout(() => process.exit(1), 10_000).unref();
  void Promise.allSettled([nextApp.close(), stopMailSender(), stopWebhookSender()])
    .then(closeDb)
    .finally(() => process.exit(0));
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
