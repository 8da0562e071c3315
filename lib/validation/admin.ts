import { z } from "zod";
import { optionalEmailSchema, phoneInputSchema } from "@/lib/validation/fields";

/**
 * Staff console schemas (`/api/admin/*` and the console's forms). Client-safe: the edit form imports
 * `adminUserFormSchema`; the server-side PATCH schema (phone parsing) is in admin-requests.ts.
 * Query values arrive as text; an empty value means "not set", so a plain GET form with
 * "Any" options produces a valid query.
 */

/** PostgreSQL text cannot hold NUL: such input would fail in the database (a 500), so it is refused here. */
export const NO_NUL = [(text: string) => !text.includes("\u0000"), "Remove the NUL character."] as const;

export const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const booleanParam = z.preprocess(
  blankToUndefined,
  z
    .enum(["true", "false"], { error: "Use true or false." })
    .transform((value) => value === "true")
    .optional(),
);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** What PostgreSQL reads as ISO text (lib/admin/user-query.ts): years 1–9999. ISO input reaches year 0. */
const EARLIEST = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * An ISO date (2024-05-31) or date-time with an offset (2024-05-31T12:00:00Z). A date alone is
 * a UTC calendar day: as `joinedFrom` it starts at 00:00Z; as `joinedTo` it includes that whole
 * day (the bound becomes 00:00Z of the next day, exclusive).
 */
export const dateParam = (bound: "from" | "to") =>
  z.preprocess(
    blankToUndefined,
    z
      .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "Use an ISO date such as 2024-05-31." })
      .transform((text) => {
        const date = new Date(DATE_ONLY.test(text) ? `${text}T00:00:00.000Z` : text);
        const wholeDay = bound === "to" && DATE_ONLY.test(text);
        const at = wholeDay ? date.getTime() + 86_400_000 : date.getTime();
        // A bound beyond that range excludes no one; clamped into it, it still excludes no one.
        return { at: new Date(Math.min(Math.max(at, EARLIEST), LATEST)), inclusive: !wholeDay };
      })
      .optional(),
  );

export const USER_SORTS = ["-dateJoined", "dateJoined", "username", "-username"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const DELETED_SCOPES = ["exclude", "include", "only"] as const;

/** The filters shared by the listing and the export. */
export const userFilterSchema = z.object({
  q: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(100, "Use at most 100 characters.")
        .refine(...NO_NUL)
        .optional(),
    )
    .meta({ description: "Substring of the username, phone number or e-mail (case-insensitive)" }),
  isActive: booleanParam,
  isStaff: booleanParam,
  mfaEnabled: booleanParam.meta({ description: "Whether the user signs in with an authenticator-app code too" }),
  deleted: z.preprocess(
    blankToUndefined,
    z.enum(DELETED_SCOPES, { error: "Use exclude, include or only." }).default("exclude"),
  ),
  joinedFrom: dateParam("from").meta({ description: "ISO date or date-time; joined at or after" }),
  joinedTo: dateParam("to").meta({ description: "ISO date (that whole UTC day included) or date-time" }),
  sort: z.preprocess(
    blankToUndefined,
    z.enum(USER_SORTS, { error: `Use one of ${USER_SORTS.join(", ")}.` }).default("-dateJoined"),
  ),
});
export type UserFilter = z.output<typeof userFilterSchema>;

export const intParam = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,9}$/, "Use a whole number.")
      .transform(Number)
      .pipe(z.number().min(min, `Use at least ${min}.`).max(max, `Use at most ${max}.`))
      .default(fallback),
  );

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export const userListQuerySchema = userFilterSchema
  .extend({
    page: intParam(1, 100_000_000, 1),
    pageSize: intParam(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  })
  .meta({ id: "UserListQuery" });
export type UserListQuery = z.output<typeof userListQuerySchema>;

export const BULK_ACTIONS = ["activate", "deactivate", "delete", "restore"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_IDS = 1000;

export const bulkActionSchema = z
  .strictObject({
    ids: z
      .array(
        z
          .string()
          .min(1)
          .max(64)
          .refine(...NO_NUL),
        { error: "Send the user ids as a list." },
      )
      .min(1, "Select at least one user.")
      .max(MAX_BULK_IDS, `Select at most ${MAX_BULK_IDS} users.`),
    action: z.enum(BULK_ACTIONS, { error: `Use one of ${BULK_ACTIONS.join(", ")}.` }),
  })
  .meta({ id: "BulkActionRequest" });
export type BulkActionInput = z.output<typeof bulkActionSchema>;

/** The staff edit form as the browser checks it; the server parses the phone number fully. */
export const adminUserFormSchema = z.object({
  email: optionalEmailSchema,
  phoneNumber: phoneInputSchema,
  isActive: z.boolean(),
  isStaff: z.boolean(),
});
export type AdminUserFormValues = z.input<typeof adminUserFormSchema>;
