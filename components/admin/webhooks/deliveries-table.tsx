import { Badge } from "@/components/account/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WebhookDeliveryJson } from "@/lib/validation/webhooks";
import { RetryDeliveryButton } from "./endpoint-actions";

const STATUS = {
  pending: { tone: "warning", label: "Pending" },
  delivered: { tone: "success", label: "Delivered" },
  failed: { tone: "neutral", label: "Failed" },
} as const;

const cell = "px-3 py-2 align-top";

/** An endpoint's deliveries, newest first: when, event, status, attempts, last error, and Retry for a failed one. */
export function DeliveriesTable({
  endpointId,
  label,
  deliveries,
  now,
}: {
  endpointId: string;
  label: string;
  deliveries: WebhookDeliveryJson[];
  now: Date;
}) {
  if (deliveries.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing sent yet. Send a test event to try it.</p>;
  }
  return (
    // Scrolls sideways on a narrow screen (focusable, so the keyboard can scroll it too). Relative:
    // the sr-only labels inside are absolutely placed, and must scroll with it, not widen the page.
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800"
    >
      <table className="w-full min-w-[40rem] text-sm">
        <caption className="sr-only">{label}</caption>
        <thead className="bg-zinc-50 text-left dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              When
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Event
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Attempts
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Last error
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td className={`${cell} whitespace-nowrap`}>
                <RelativeTime date={delivery.createdAt} now={now} />
              </td>
              <td className={cell}>
                <code className="font-mono text-[0.8125rem]">{delivery.event}</code>
                <span className="block font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
                  {delivery.id}
                </span>
              </td>
              <td className={cell}>
                <Badge tone={STATUS[delivery.status].tone}>{STATUS[delivery.status].label}</Badge>
              </td>
              <td className={`${cell} tabular-nums`}>{delivery.attempts}</td>
              <td className={`${cell} max-w-xs break-words text-zinc-700 dark:text-zinc-300`}>
                {delivery.lastError ?? "—"}
              </td>
              <td className={cell}>
                {delivery.status === "failed" && (
                  <RetryDeliveryButton endpointId={endpointId} deliveryId={delivery.id} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
