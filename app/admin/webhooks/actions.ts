"use server";

import { refresh } from "next/cache";
import type { FormState } from "@/lib/session/form-state";
import { staffAction } from "@/lib/session/staff-action";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  retryWebhookDelivery,
  sendTestWebhook,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/endpoints";

/** The console's doors to lib/webhooks/endpoints.ts: the same rules and errors as /api/admin/webhooks. */

export type AddWebhookState = FormState & { secret?: string };

export async function addWebhookAction(values: unknown): Promise<AddWebhookState> {
  let secret: string | undefined;
  const state = await staffAction(async (staff) => {
    ({ secret } = await createWebhookEndpoint(staff, values));
    refresh();
    return { success: "Endpoint added." };
  });
  return state.success ? { ...state, secret } : state;
}

export async function setWebhookEnabledAction(id: string, enabled: boolean): Promise<FormState> {
  return staffAction(async (staff) => {
    await setWebhookEndpointEnabled(staff, id, { enabled });
    refresh();
    return { success: enabled ? "Endpoint enabled." : "Endpoint disabled: nothing new is sent to it." };
  });
}

export async function deleteWebhookAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    await deleteWebhookEndpoint(staff, id);
    refresh();
    return { success: "Endpoint deleted." };
  });
}

export async function sendTestWebhookAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    await sendTestWebhook(staff, id);
    refresh();
    return { success: "Test event queued." };
  });
}

export async function retryDeliveryAction(endpointId: string, deliveryId: string): Promise<FormState> {
  return staffAction(async (staff) => {
    await retryWebhookDelivery(staff, endpointId, deliveryId);
    refresh();
    return { success: "Delivery queued again." };
  });
}
