import { z } from "zod";
import { emailSchema } from "@/lib/validation/fields";
import { phoneNumberSchema } from "@/lib/validation/phone";

/**
 * The staff PATCH body, server-side (phone numbers are parsed to E.164 with the full metadata).
 * Strict: a field we do not let staff change (username, password, …) is a 400, not ignored.
 * An empty or null e-mail removes it.
 */
export function adminUserPatchSchema(phoneRegion: string) {
  return z
    .strictObject(
      {
        email: z.union([z.literal("").transform(() => null), z.null(), emailSchema]).optional(),
        phoneNumber: phoneNumberSchema(phoneRegion).optional(),
        isActive: z.boolean({ error: "Use true or false." }).optional(),
        isStaff: z.boolean({ error: "Use true or false." }).optional(),
      },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? "Only email, phoneNumber, isActive and isStaff can be changed."
            : undefined,
      },
    )
    .meta({ id: "AdminUserPatch" });
}
export type AdminUserPatch = z.output<ReturnType<typeof adminUserPatchSchema>>;
