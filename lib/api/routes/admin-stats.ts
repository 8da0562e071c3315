import { z } from "zod";
import { overviewStats, STATS_DAYS_DEFAULT, STATS_DAYS_MAX } from "@/lib/admin/stats";
import { jsonResponse } from "@/lib/http/json-response";
import { defineRoute } from "../define";
import { json } from "../openapi";

/** The staff overview's figures: user totals now, and security events per UTC day. */

const daysMessage = `Use a whole number of days from 1 to ${STATS_DAYS_MAX}.`;
const statsQuerySchema = z.object({
  days: z
    .preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce
        .number({ error: daysMessage })
        .int({ error: daysMessage })
        .min(1, { error: daysMessage })
        .max(STATS_DAYS_MAX, { error: daysMessage })
        .default(STATS_DAYS_DEFAULT),
    )
    .meta({ description: `How many UTC days, today included (1–${STATS_DAYS_MAX})`, example: 30 }),
});

const count = (description: string) => z.number().int().meta({ description, example: 42 });

const statsSchema = z
  .object({
    totals: z
      .object({
        users: count("Users not deleted"),
        active: count("Of those, active (may sign in)"),
        staff: count("Of those, staff"),
        emailVerified: count("Of those, with a verified e-mail address"),
        mfaEnabled: count("Of those, with two-factor sign-in (authenticator app) on"),
      })
      .meta({ description: "Users now" }),
    daily: z
      .array(
        z.object({
          date: z.string().meta({ description: "The UTC day", example: "2026-12-07" }),
          signUps: count("Accounts created (sign_up events)"),
          signIns: count("Successful sign-ins (sign_in)"),
          failedSignIns: count("Failed sign-ins (sign_in_failed)"),
          lockouts: count("Lockouts (lockout)"),
          rateLimited: count("Rate-limited requests, at most one recorded per client and endpoint a minute"),
          passwordResets: count("Completed password resets (password_reset)"),
        }),
      )
      .meta({ description: "One entry per UTC day, oldest first, today last; days without events are 0" }),
  })
  .meta({ id: "AdminStats" });

export const adminStatsRoutes = [
  defineRoute({
    method: "get",
    path: "/api/admin/stats",
    summary: "User totals and security events per UTC day (the staff overview)",
    tags: ["admin"],
    access: "staff",
    query: statsQuerySchema,
    responses: { "200": json(statsSchema, "Totals and daily counts") },
    handler: async ({ query }) => jsonResponse(await overviewStats(query.days)),
  }),
];
