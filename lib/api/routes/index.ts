import { z } from "zod";
import { jsonResponse } from "@/lib/http/json-response";
import { defineRoute, type ApiRoute } from "../define";
import { buildOpenApiDocument, json } from "../openapi";
import { accountRoutes } from "./account";
import { adminEventRoutes } from "./admin-events";
import { adminStatsRoutes } from "./admin-stats";
import { adminUserSecurityRoutes } from "./admin-user-security";
import { adminUserRoutes } from "./admin-users";
import { adminWebhookRoutes } from "./admin-webhooks";
import { authRoutes } from "./auth";
import { passkeyRoutes } from "./passkeys";
import { healthRoute } from "./system";
import { twoFactorRoutes } from "./two-factor";

/** Every route of the API: what the router serves, the OpenAPI document lists and the tests call. */
export const apiRoutes: ApiRoute[] = [
  ...authRoutes,
  ...twoFactorRoutes,
  ...accountRoutes,
  ...passkeyRoutes,
  ...adminUserRoutes,
  ...adminUserSecurityRoutes,
  ...adminEventRoutes,
  ...adminWebhookRoutes,
  ...adminStatsRoutes,
  healthRoute,
  defineRoute({
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tags: ["system"],
    access: "public",
    responses: {
      "200": json(
        z.looseObject({ openapi: z.literal("3.1.0"), info: z.looseObject({}), paths: z.looseObject({}) }),
        "OpenAPI 3.1 document",
      ),
    },
    handler: async () => jsonResponse(openApiDocument()),
  }),
];

let document: object | undefined;

/** Built once, on first use: some schemas depend on the configuration (the phone region). */
export function openApiDocument(): object {
  document ??= buildOpenApiDocument(apiRoutes);
  return document;
}
