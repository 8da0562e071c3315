import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Webhook } from "standardwebhooks";

/**
 * A webhook receiver as an integrator writes one: a node:http server that verifies every request
 * with the standardwebhooks library and records what it accepted. It can be told to fail (answer
 * 500), to answer in some other way, or to be down (not listening) and come back on the same port.
 */

export type ReceivedWebhook = {
  id: string;
  timestamp: string;
  body: string;
  payload: { type: string; timestamp: string; data: { user: Record<string, unknown>; sessionId?: string } };
  at: number;
};

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

export type WebhookReceiver = {
  url: string;
  port: number;
  /** Every verified request, attempts of the same delivery included. */
  received: ReceivedWebhook[];
  /** Requests whose signature did not verify. */
  rejected: { headers: IncomingMessage["headers"]; body: string; reason: string }[];
  /** The secret each request is verified with (set once the endpoint exists). */
  secret?: string;
  failing: boolean;
  /** Replaces the normal answer (for redirects, long bodies…); undefined restores it. */
  answer?: Answer;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  /** Waits until `predicate` holds of the received list. */
  waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
};

export async function startWebhookReceiver(options: { host?: string; path?: string } = {}): Promise<WebhookReceiver> {
  const host = options.host ?? "127.0.0.1";
  let server: Server | undefined;
  const receiver: WebhookReceiver = {
    url: "",
    port: 0,
    received: [],
    rejected: [],
    failing: false,
    async down() {
      if (!server) return;
      const closing = server;
      server = undefined;
      closing.closeAllConnections();
      closing.close();
      await once(closing, "close");
    },
    async up() {
      if (server) return;
      server = createServer((request, response) => void handle(request, response));
      server.listen(receiver.port, host);
      await once(server, "listening");
      receiver.port = (server.address() as AddressInfo).port;
      receiver.url = `http://${host.includes(":") ? `[${host}]` : host}:${receiver.port}${options.path ?? "/hooks"}`;
    },
    close() {
      return receiver.down();
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > until) throw new Error(`webhook receiver: still waiting after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return receiver.received;
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (receiver.answer) return receiver.answer(request, response);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (receiver.failing) {
      response.writeHead(500, { "content-type": "text/plain" }).end("receiver is failing on purpose");
      return;
    }
    try {
      if (!receiver.secret) throw new Error("no secret set");
      const payload = new Webhook(receiver.secret).verify(body, request.headers as Record<string, string>);
      receiver.received.push({
        id: String(request.headers["webhook-id"]),
        timestamp: String(request.headers["webhook-timestamp"]),
        body,
        payload: payload as ReceivedWebhook["payload"],
        at: Date.now(),
      });
      response.writeHead(204).end();
    } catch (err) {
      receiver.rejected.push({ headers: request.headers, body, reason: String(err) });
      response.writeHead(400).end();
    }
  }

  await receiver.up();
  return receiver;
}

const root = path.resolve(import.meta.dirname, "../..");

// Another app instance's webhook sender, as lib/startup.ts starts it: its own process and pool.
const SENDER = `
(async () => {
  const { startWebhookSender } = await import(${JSON.stringify(path.join(root, "lib/webhooks/sender.ts"))});
  const { getDb } = await import(${JSON.stringify(path.join(root, "lib/db.ts"))});
  await getDb();
  startWebhookSender({ intervalMs: 50, batchSize: 5 });
  console.log("sender started");
  setInterval(() => {}, 1000);
})();
`;

/** A webhook sender in a process of its own over `databaseUrl`, with this process's AUTH_SECRET. */
export async function startOtherSender(databaseUrl: string, secret: string): Promise<{ close(): Promise<void> }> {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["-e", SENDER], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("sender started") && resolve());
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`the other sender exited (${code}): ${err}`)));
  });
  return {
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
