import { getDb } from "@/lib/db";
import type { FieldErrors } from "@/lib/errors";

const MESSAGES = {
  username: "This username is taken.",
  phoneNumber: "This phone number is already registered.",
  email: "This e-mail address is already registered.",
} as const;

/**
 * Which of these values another account (deleted ones included: they keep their values so they
 * can be restored) already holds. Compared as the unique indexes compare them.
 */
export async function takenFields(
  values: { username?: string; phoneNumber?: string; email?: string },
  /** The user whose own values these may be (a change of one's own e-mail's case is no conflict). */
  exceptUserId: string | null = null,
): Promise<FieldErrors> {
  const { username, phoneNumber, email } = values;
  if (!username && !phoneNumber && !email) return {};
  const db = await getDb();
  const rows = await db.$queryRaw<{ username: string; phoneNumber: string; email: string | null }[]>`
    SELECT "username", "phoneNumber", "email" FROM "User"
    WHERE (lower("username") = lower(${username ?? null}::text)
       OR "phoneNumber" = ${phoneNumber ?? null}::text
       OR lower("email") = lower(${email ?? null}::text))
      AND "id" IS DISTINCT FROM ${exceptUserId}::text
    LIMIT 3`;
  const errors: FieldErrors = {};
  for (const row of rows) {
    if (username && row.username.toLowerCase() === username.toLowerCase()) errors.username = [MESSAGES.username];
    if (phoneNumber && row.phoneNumber === phoneNumber) errors.phoneNumber = [MESSAGES.phoneNumber];
    if (email && row.email?.toLowerCase() === email.toLowerCase()) errors.email = [MESSAGES.email];
  }
  return errors;
}
