import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { ConflictError, ValidationError, type FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { logger } from "@/lib/log";
import type { z } from "zod";
import type { Tx } from "@/lib/db/transaction";
import {
  providerSignUpRequestSchema,
  registerRequestSchema,
  type ProviderSignUpInput,
  type RegisterInput,
} from "@/lib/validation/requests";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { kickMailSender } from "@/lib/mail/kick";
import { sendVerificationCode } from "@/lib/accounts/email-verification";
import { hashPassword } from "@/lib/accounts/password-hash";
import { takenFields } from "@/lib/accounts/taken-fields";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";

/**
 * Creates an account from sign-up's input (every field's errors reported together, taken values
 * included: 400; only taken values: a ConflictError naming them, 409).
 */
export async function registerUser(input: unknown, client: ClientInfo): Promise<TokenUser> {
  const { username, phoneNumber, email, password } = await parseRegistration(input);
  return createAccount({ username, phoneNumber, email, passwordHash: await hashPassword(password) }, client);
}

export type NewAccount = {
  username: string;
  phoneNumber: string;
  email?: string;
  /** Null for an account that signs in with an identity provider only. */
  passwordHash: string | null;
  /** The address is already proven (an identity provider said so): no verification code is sent. */
  emailVerified?: boolean;
  /** Staff from the start (the first-run setup, `npm run create-staff`): audited as create-staff. */
  isStaff?: boolean;
};

/** Who asks for the account: a client over HTTP, or an operator at the command line. */
export type AccountOrigin = ClientInfo | "command_line";

/**
 * Writes a checked new account, its `sign_up` (counted on the overview, announced to webhooks as
 * user.created), a staff user's audit entry and, for an unproven e-mail, a verification code, in
 * one transaction, with whatever `alsoInTransaction` adds (a provider link, the first-run
 * checks). The database's unique indexes are the final word, so two parallel sign-ups of one
 * username end with one account and one 409, never a 500.
 */
export async function createAccount(
  account: NewAccount,
  origin: AccountOrigin,
  alsoInTransaction?: (tx: Tx, user: TokenUser) => Promise<void>,
): Promise<TokenUser> {
  const { username, phoneNumber, email, passwordHash, emailVerified, isStaff = false } = account;
  const db = await getDb();
  const sendsCode = Boolean(email && !emailVerified);
  const signUp = origin === "command_line" ? { detail: { by: "command_line" } } : { client: origin };
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          username,
          phoneNumber,
          email: email ?? null,
          passwordHash,
          emailVerified: emailVerified ? new Date() : null,
          isStaff,
        },
        select: tokenUserSelect,
      });
      if (isStaff) {
        await tx.auditLog.create({
          data: { targetId: created.id, action: "create-staff", changes: { isStaff: { after: true } } },
        });
      }
      await recordEvents(tx, [{ type: "sign_up", userId: created.id, ...signUp }]);
      if (created.email && sendsCode) await sendVerificationCode(tx, created.id, created.email);
      await alsoInTransaction?.(tx, created);
      return created;
    });
    if (sendsCode) kickMailSender();
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
  return parseNewAccount(registerRequestSchema(config().phoneDefaultRegion), input);
}

/** Sign-up's fields without a password, checked as sign-up checks them: a provider's sign-up. */
export async function parseProviderSignUp(input: unknown): Promise<ProviderSignUpInput> {
  return parseNewAccount(providerSignUpRequestSchema(config().phoneDefaultRegion), input);
}

type AccountFieldsSchema = z.ZodObject<{
  username: z.ZodType<string>;
  phoneNumber: z.ZodType<string>;
  email: z.ZodType<string | undefined>;
}>;

async function parseNewAccount<S extends AccountFieldsSchema>(schema: S, input: unknown): Promise<z.output<S>> {
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
  schema: AccountFieldsSchema,
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
