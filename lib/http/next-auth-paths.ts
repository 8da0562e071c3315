import { PROVIDER_IDS } from "@/lib/providers/catalog";

/**
 * The part of /api that next-auth answers (through Next) rather than the API app: starting a
 * sign-in with a provider, the provider's callback, and the CSRF token those forms carry. Its
 * other routes are not served: its session and sign-out routes know only the cookie, not whether
 * the session behind it has ended, and the credentials callback is for the server's own use.
 */
const PROVIDERS = PROVIDER_IDS.join("|");
// Each route exactly, then only a query: no further segment (such as "/../x", which Next would
// resolve to another path) is taken for next-auth's.
const NEXT_AUTH_PATH = new RegExp(`^/api/auth/(?:(?:signin|callback)/(?:${PROVIDERS})|csrf)(?:\\?|$)`);
const CALLBACK_PATH = new RegExp(`^/api/auth/callback/(?:${PROVIDERS})(?:\\?|$)`);

/** Whether a request target (path and query, as sent) is one of next-auth's routes. */
export const isNextAuthPath = (target: string) => NEXT_AUTH_PATH.test(target);

/** Whether it is a provider's callback: the end of every sign-in with a provider. */
export const isProviderCallback = (target: string) => CALLBACK_PATH.test(target);
