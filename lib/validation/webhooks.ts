import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";

/**
 * Webhook endpoint schemas (`/api/admin/webhooks` and the console's form). Client-safe: the URL's
 * address checks, which need DNS, run in lib/webhooks/endpoints.ts.
 */

const noNul = (text: string) => !text.includes("\u0000");

export const webhookEventSchema = z.enum(WEBHOOK_EVENTS, { error: "Choose events from the list." });

export const newWebhookSchema = z
  .object({
    url: z
      .string({ error: "Enter the URL to send events to." })
      .trim()
      .min(1, "Enter the URL to send events to.")
      .max(2048, "Use at most 2,048 characters.")
      .refine(noNul, "Remove the NUL character."),
    events: z
      .array(z.string(), { error: "Choose at least one event." })
      .min(1, "Choose at least one event.")
      .max(WEBHOOK_EVENTS.length * 2, "Choose events from the list.")
      .refine((events) => events.every((event) => webhookEventSchema.safeParse(event).success), {
        error: "Choose events from the list.",
      })
      .transform((events) => [...new Set(events)] as z.infer<typeof webhookEventSchema>[]),
    description: z
      .string({ error: "The description must be text." })
      .trim()
      .max(200, "Use at most 200 characters.")
      .refine(noNul, "Remove the NUL character.")
      .optional()
      .transform((text) => (text ? text : undefined)),
  })
  .strict();
export type NewWebhook = z.infer<typeof newWebhookSchema>;

export const webhookPatchSchema = z.object({ enabled: z.boolean({ error: "Use true or false." }) }).strict();

export const webhookJsonSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(webhookEventSchema),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookJson = z.infer<typeof webhookJsonSchema>;

export const webhookDeliveryJsonSchema = z
  .object({
    id: z.string().meta({ description: "The `webhook-id` header: the same on every attempt" }),
    event: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastError: z.string().optional(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryJson = z.infer<typeof webhookDeliveryJsonSchema>;
