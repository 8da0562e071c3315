import type { Metadata } from "next";
import { Badge } from "@/components/account/badge";
import { AddWebhookForm } from "@/components/admin/webhooks/add-webhook-form";
import { DeliveriesTable } from "@/components/admin/webhooks/deliveries-table";
import { EndpointActions } from "@/components/admin/webhooks/endpoint-actions";
import { RefreshButton } from "@/components/admin/webhooks/refresh-button";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireStaff } from "@/lib/session/current-user";
import { listWebhookDeliveries, listWebhookEndpoints } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Webhooks · Staff" };

/** How many deliveries the page shows per endpoint (the API lists up to 100). */
const SHOWN = 20;

export default async function WebhooksPage() {
  await requireStaff("/admin/webhooks");
  const now = new Date();
  const endpoints = await listWebhookEndpoints();
  const deliveries = await Promise.all(endpoints.map((endpoint) => listWebhookDeliveries(endpoint.id)));

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Endpoints are sent a signed POST (Standard Webhooks) for each event they want, retried for more than a day
          while they fail.
        </p>
      </header>
      <Card heading="Add an endpoint">
        <AddWebhookForm />
      </Card>
      <section aria-labelledby="endpoints-heading" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="endpoints-heading" className="text-lg font-semibold">
            Endpoints
          </h2>
          {endpoints.length > 0 && <RefreshButton />}
        </div>
        {endpoints.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No endpoints yet.</p>}
        {endpoints.map((endpoint, i) => (
          <article
            key={endpoint.id}
            aria-labelledby={`endpoint-${endpoint.id}`}
            className="flex flex-col gap-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <header className="flex flex-col gap-2">
              <div className="flex flex-wrap items-center gap-2">
                <h3 id={`endpoint-${endpoint.id}`} className="font-mono text-sm font-semibold break-all">
                  {endpoint.url}
                </h3>
                <Badge tone={endpoint.enabled ? "success" : "neutral"}>
                  {endpoint.enabled ? "Enabled" : "Disabled"}
                </Badge>
              </div>
              {endpoint.description && <p className="text-sm">{endpoint.description}</p>}
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Added <RelativeTime date={endpoint.createdAt} now={now} /> · Events:{" "}
                {endpoint.events.map((event, j) => (
                  <span key={event}>
                    {j > 0 && ", "}
                    <code className="font-mono text-[0.8125rem]">{event}</code>
                  </span>
                ))}
              </p>
            </header>
            <EndpointActions id={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} />
            <h4 className="text-sm font-semibold">Recent deliveries</h4>
            <DeliveriesTable
              endpointId={endpoint.id}
              label={`Deliveries to ${endpoint.url}`}
              deliveries={deliveries[i].slice(0, SHOWN)}
              now={now}
            />
          </article>
        ))}
      </section>
    </div>
  );
}
