import { randomBytes } from "node:crypto";
import { z } from "zod";
import { userJsonSchema, type UserJson } from "@/lib/validation/user";

/** What every delivery's body holds: the event, when it happened, and the user it is about. */
export const webhookBodySchema = z.object({
  type: z.string(),
  timestamp: z.iso.datetime(),
  data: z.object({ user: userJsonSchema, sessionId: z.string().optional() }),
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;

export function webhookBody(type: string, user: UserJson, at: Date, sessionId?: string): WebhookBody {
  return { type, timestamp: at.toISOString(), data: sessionId ? { user, sessionId } : { user } };
}

/**
 * The exact text sent and signed. The database keeps the body as jsonb, which reorders keys;
 * parsing puts them back in the documented order. A body written by another version of the app
 * that does not parse is sent as stored.
 */
export function bodyText(stored: unknown): string {
  const parsed = webhookBodySchema.safeParse(typeof stored === "string" ? JSON.parse(stored) : stored);
  return JSON.stringify(parsed.success ? parsed.data : stored);
}

/** A Standard Webhooks message id: the delivery's primary key, the same on every retry. */
export const newMessageId = (): string => `msg_${randomBytes(16).toString("base64url")}`;

/** A Standard Webhooks signing secret: "whsec_" and 32 random bytes in base64. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString("base64")}`;
