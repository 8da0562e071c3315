import { z } from "zod";
import type { SessionInfo } from "@/lib/sessions/sessions";
import { USER_ID_EXAMPLE } from "./user";

/** Sessions and security events as the API shows them to their owner (and, later, to staff). */

const IP_EXAMPLE = "203.0.113.7";
const USER_AGENT_EXAMPLE = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15";

export const sessionJsonSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["browser", "api"]),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().meta({ description: "May lag by up to a minute" }),
    ip: z.string().meta({ example: IP_EXAMPLE }),
    userAgent: z.string().meta({ example: USER_AGENT_EXAMPLE }),
    current: z.boolean().meta({ description: "Whether this is the caller's own session" }),
  })
  .meta({ id: "Session" });
export type SessionJson = z.infer<typeof sessionJsonSchema>;

export function toSessionJson(session: SessionInfo, currentId: string | undefined): SessionJson {
  return {
    id: session.id,
    kind: session.kind,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}

export const eventJsonSchema = z
  .object({
    id: z.string().meta({ example: "1042" }),
    type: z.string().meta({ example: "sign_in" }),
    at: z.iso.datetime(),
    userId: z.string().nullable().meta({ example: USER_ID_EXAMPLE }),
    actorId: z
      .string()
      .nullable()
      .meta({ description: "The staff user, when someone other than the user did it", example: null }),
    ip: z.string().nullable().meta({ example: IP_EXAMPLE }),
    userAgent: z.string().nullable().meta({ example: USER_AGENT_EXAMPLE }),
    detail: z.record(z.string(), z.unknown()).nullable().meta({ example: null }),
  })
  .meta({ id: "SecurityEvent" });
export type EventJson = z.infer<typeof eventJsonSchema>;

export type EventRow = {
  id: bigint;
  type: string;
  at: Date;
  userId: string | null;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: unknown;
};

export function toEventJson(event: EventRow): EventJson {
  return {
    id: event.id.toString(),
    type: event.type,
    at: event.at.toISOString(),
    userId: event.userId,
    actorId: event.actorId,
    ip: event.ip,
    userAgent: event.userAgent,
    detail: event.detail && typeof event.detail === "object" ? (event.detail as Record<string, unknown>) : null,
  };
}

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;
