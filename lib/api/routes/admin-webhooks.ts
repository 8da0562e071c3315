import { z } from "zod";
import { jsonResponse } from "@/lib/http/json-response";
import {
  newWebhookSchema,
  webhookDeliveryJsonSchema,
  webhookJsonSchema,
  webhookPatchSchema,
} from "@/lib/validation/webhooks";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  sendTestWebhook,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/endpoints";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";

/** Webhook endpoints: add, list, disable or enable, delete, send a test event, deliveries and retry. */

const tags = ["admin", "webhooks"];
const idParam = z.object({ id: z.string().meta({ description: "Webhook endpoint id" }) });
const deliveryParams = idParam.extend({
  deliveryId: z.string().meta({ description: "Delivery id (its webhook-id)" }),
});
const webhookResponse = z.object({ webhook: webhookJsonSchema });
const deliveryResponse = z.object({ delivery: webhookDeliveryJsonSchema });

export const adminWebhookRoutes = [
  defineRoute({
    method: "get",
    path: "/api/admin/webhooks",
    summary: "Webhook endpoints, newest first",
    tags,
    access: "staff",
    responses: { "200": json(z.object({ items: z.array(webhookJsonSchema) }), "Endpoints") },
    handler: async () => jsonResponse({ items: await listWebhookEndpoints() }),
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/webhooks",
    summary: "Add an endpoint; its signing secret is in this answer only (400 for a private or unresolvable URL)",
    tags,
    access: "staff",
    // The domain validates the fields itself, then resolves the URL and checks its addresses.
    body: z.looseObject({}),
    documentedBody: () => newWebhookSchema,
    responses: {
      "201": json(
        webhookResponse.extend({
          secret: z.string().meta({ description: "whsec_ + base64: verify signatures with it; never shown again" }),
        }),
        "Added",
      ),
    },
    handler: async ({ body, user }) => jsonResponse(await createWebhookEndpoint(user, body), { status: 201 }),
  }),
  defineRoute({
    method: "patch",
    path: "/api/admin/webhooks/{id}",
    summary: "Disable or enable an endpoint (a disabled one is sent nothing; its pending deliveries wait)",
    tags,
    access: "staff",
    params: idParam,
    body: z.looseObject({}),
    documentedBody: () => webhookPatchSchema,
    responses: { "200": json(webhookResponse, "The endpoint"), ...problems(404) },
    handler: async ({ params, body, user }) =>
      jsonResponse({ webhook: await setWebhookEndpointEnabled(user, params.id, body) }),
  }),
  defineRoute({
    method: "delete",
    path: "/api/admin/webhooks/{id}",
    summary: "Delete an endpoint and its deliveries",
    tags,
    access: "staff",
    params: idParam,
    responses: { "204": { description: "Deleted" }, ...problems(404) },
    handler: async ({ params, user }) => {
      await deleteWebhookEndpoint(user, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/webhooks/{id}/test",
    summary: "Send a `webhook.test` event about the calling staff user",
    tags,
    access: "staff",
    params: idParam,
    responses: { "202": json(deliveryResponse, "Queued"), ...problems(404) },
    handler: async ({ params, user }) =>
      jsonResponse({ delivery: await sendTestWebhook(user, params.id) }, { status: 202 }),
  }),
  defineRoute({
    method: "get",
    path: "/api/admin/webhooks/{id}/deliveries",
    summary: "The endpoint's last 100 deliveries, newest first",
    tags,
    access: "staff",
    params: idParam,
    responses: {
      "200": json(z.object({ items: z.array(webhookDeliveryJsonSchema) }), "Deliveries"),
      ...problems(404),
    },
    handler: async ({ params }) => jsonResponse({ items: await listWebhookDeliveries(params.id) }),
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/webhooks/{id}/deliveries/{deliveryId}/retry",
    summary: "Try a failed delivery once more, with the same webhook-id and body",
    tags,
    access: "staff",
    params: deliveryParams,
    responses: { "202": json(deliveryResponse, "Due now"), ...problems(404) },
    handler: async ({ params, user }) =>
      jsonResponse({ delivery: await retryWebhookDelivery(user, params.id, params.deliveryId) }, { status: 202 }),
  }),
];
