import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { ConflictError, ValidationError, type FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { logger } from "@/lib/log";
import { registerRequestSchema, type RegisterInput } from "@/lib/validation/requests";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { kickMailSender } from "@/lib/mail/kick";
import { sendVerificationCode } from "@/lib/accounts/email-verification";
import { hashPassword } from "@/lib/accounts/password-hash";
import { takenFields } from "@/lib/accounts/taken-fields";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";

/**
 * Creates an account, records its `sign_up` and, when it has an e-mail, sends that address a
 * verification code, all in one transaction. Every field's errors are reported together, taken values included
 * (400); when the only problem is taken values, a ConflictError names them (409). The
 * database's unique indexes are the final word, so two parallel sign-ups of one username
 * end with one account and one 409, never a 500.
 */
export async function registerUser(input: unknown, client: ClientInfo): Promise<TokenUser> {
  const { username, phoneNumber, email, password } = await parseRegistration(input);
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { username, phoneNumber, email: email ?? null, passwordHash },
        select: tokenUserSelect,
      });
      await recordEvents(tx, [{ type: "sign_up", userId: created.id, client }]);
      if (created.email) await sendVerificationCode(tx, created.id, created.email);
      return created;
    });
    if (user.email) kickMailSender();
    logger.info({ userId: user.id }, "user registered");
    return user;
  } catch (error) {
    // Lost a race with a parallel sign-up: name what is taken now.
    const nowTaken = await takenFields({ username, phoneNumber, email });
    if (Object.keys(nowTaken).length > 0) throw new ConflictError(nowTaken);
    throw error;
  }
}

/**
 * Sign-up's input checked as sign-up checks it: every field's errors together, taken values
 * included (ValidationError, 400); only taken values: a ConflictError naming them (409).
 */
export async function parseRegistration(input: unknown): Promise<RegisterInput> {
  const schema = registerRequestSchema(config().phoneDefaultRegion);
  const parsed = schema.safeParse(input);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const taken = await takenFields(usableValues(schema, input, errors));
  for (const [field, messages] of Object.entries(taken)) (errors[field] ??= []).push(...messages);

  if (!parsed.success) throw new ValidationError(errors);
  if (Object.keys(taken).length > 0) throw new ConflictError(taken);
  return parsed.data;
}

/** The fields that passed their own checks, so that their uniqueness can be reported too. */
function usableValues(
  schema: ReturnType<typeof registerRequestSchema>,
  input: unknown,
  errors: FieldErrors,
): { username?: string; phoneNumber?: string; email?: string } {
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const field = <K extends "username" | "phoneNumber" | "email">(key: K): string | undefined => {
    if (errors[key]) return undefined;
    const result = schema.shape[key].safeParse(raw[key]);
    return result.success && typeof result.data === "string" ? result.data : undefined;
  };
  return { username: field("username"), phoneNumber: field("phoneNumber"), email: field("email") };
}
