import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { deliverDueMail } from "@/lib/mail/sender";
import { TEST_SECRET } from "./app";

/**
 * Account (part II) test helpers: a second app instance in a process of its own, over the same
 * database. One test process holds one app (the database client and the rate-limit store are
 * process-wide), so "another instance" is another process: the API app behind the server's own
 * request path (lib/http/edge.ts), on a loopback port.
 */

/**
 * Delivers every due mail of the outbox, not one batch: each sign-up with an e-mail queues a
 * verification mail, so a file's unread mail soon outnumbers a sender round.
 */
export async function deliverAllMail(): Promise<void> {
  while ((await deliverDueMail()).claimed > 0);
}

const root = path.resolve(import.meta.dirname, "../..");

// Serves the API app as server.ts does (without Next) and prints the port it listens on.
const CHILD = `
(async () => {
  const http = await import("node:http");
  const { edgeListener } = await import(${JSON.stringify(path.join(root, "lib/http/edge.ts"))});
  const { apiApp } = await import(${JSON.stringify(path.join(root, "lib/api/app.ts"))});
  const notNext = (req, res) => { res.statusCode = 404; res.end(); };
  const server = http.createServer(edgeListener({ api: apiApp.fetch, next: notNext }));
  server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
})();
`;

export type OtherInstance = {
  call(method: string, path: string, options?: { token?: string }): Promise<Response>;
  close(): Promise<void>;
};

/**
 * Starts the API app in another process on `databaseUrl`, with the test process's AUTH_SECRET and
 * the rest of its environment (the rate-limit store startTestApp set up included).
 */
export async function startOtherInstance(databaseUrl: string): Promise<OtherInstance> {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["-e", CHILD], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: TEST_SECRET,
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await listeningPort(child);
  return {
    call(method, route, { token } = {}) {
      return fetch(`http://127.0.0.1:${port}${route}`, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith('{"port"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the other instance exited (${code}): ${err || out}`)));
  });
}
