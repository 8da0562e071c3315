import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedAddress } from "./address-check";

/**
 * One POST of a webhook, to the address already checked (address-check.ts): the request's
 * `lookup` answers with that address only, so the connection cannot go anywhere DNS says later;
 * TLS still checks the certificate against the URL's host name. No redirect is followed (a 3xx
 * could point inside the network), the whole exchange has a deadline, and at most `maxResponseBytes`
 * of the answer is read, so a receiver can neither hold a sender nor fill its memory.
 */

export type PostLimits = { timeoutMs: number; maxResponseBytes: number };

export type PostOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

export function postWebhook(
  url: URL,
  address: CheckedAddress,
  headers: Record<string, string>,
  body: string,
  limits: PostLimits,
): Promise<PostOutcome> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.destroy();
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: pinned,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => finish(outcomeOf(status, Buffer.concat(chunks).toString("utf8")));
        response.on("data", (chunk: Buffer) => {
          const room = limits.maxResponseBytes - size;
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size += chunk.length;
          if (size >= limits.maxResponseBytes) done();
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const deadline = setTimeout(
      () => finish({ ok: false, error: `No answer within ${limits.timeoutMs / 1000} s.` }),
      limits.timeoutMs,
    );
    request.on("error", (err: NodeJS.ErrnoException) =>
      finish({ ok: false, error: `Could not connect to ${url.host}: ${err.code ?? err.message}.` }),
    );
    request.end(body);
  });
}

function outcomeOf(status: number, text: string): PostOutcome {
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) return { ok: false, status, error: `HTTP ${status}: redirects are not followed.` };
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return { ok: false, status, error: `HTTP ${status}${snippet ? `: ${snippet}` : "."}` };
}
