import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * Where a webhook may be sent. A staff user types the URL, but the request leaves from inside our
 * network: without these checks an endpoint could aim at the cloud metadata service
 * (169.254.169.254), the database or anything else only the server can reach. So only http and
 * https, no user:password@ part, and every address the name resolves to must be public unicast
 * (no loopback, private, link-local, unique-local, carrier-grade NAT, multicast, broadcast,
 * unspecified, reserved or IPv4 written inside IPv6). The check runs at creation and again before
 * every attempt, and the request then connects to the address checked (post.ts), so a DNS answer
 * that changes in between cannot send it elsewhere.
 */

export class UnsafeWebhookUrlError extends Error {}

export type CheckedAddress = { address: string; family: 4 | 6 };

const RANGE_NAMES: Record<string, string> = {
  loopback: "loopback",
  private: "private",
  linkLocal: "link-local",
  uniqueLocal: "unique-local (private)",
  carrierGradeNat: "carrier-grade NAT",
  multicast: "multicast",
  broadcast: "broadcast",
  unspecified: "unspecified",
};

/** What kind of address a webhook may not go to `text` is ("loopback"…), or undefined when it is public unicast. */
export function forbiddenAddressKind(text: string): string | undefined {
  if (!ipaddr.isValid(text)) return "malformed";
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it stands for.
  const range = ipaddr.process(text).range();
  if (range === "unicast") return undefined;
  return RANGE_NAMES[range] ?? `reserved (${range})`;
}

/** The URL's own problem (scheme, credentials, form), before any lookup. */
export function webhookUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, such as https://example.com/webhooks.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https:// or http://.";
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (!url.hostname) return "The URL must name a host.";
  return undefined;
}

/**
 * The addresses `url` resolves to, every one checked. Throws UnsafeWebhookUrlError, saying why,
 * when the name does not resolve or (unless `allowPrivate`) any address is not public.
 */
export async function checkedAddresses(url: URL, allowPrivate: boolean): Promise<CheckedAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let found: { address: string; family: number }[];
  if (ipaddr.isValid(host)) {
    found = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  } else {
    try {
      found = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new UnsafeWebhookUrlError(`The host name ${host} could not be resolved.`);
    }
  }
  if (found.length === 0) throw new UnsafeWebhookUrlError(`The host name ${host} could not be resolved.`);
  if (!allowPrivate) {
    for (const { address } of found) {
      const kind = forbiddenAddressKind(address);
      if (kind) {
        const what =
          address === host ? `${address} is a ${kind} address` : `${host} resolves to ${address}, a ${kind} address`;
        throw new UnsafeWebhookUrlError(
          `Refused: ${what}. Webhooks go only to public addresses (WEBHOOK_ALLOW_PRIVATE_URLS=true allows private ones).`,
        );
      }
    }
  }
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
