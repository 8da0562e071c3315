import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { z } from "zod";

/**
 * The field schemas of the product (CONTRACT §3), each with its normalising transform.
 * Forms, server actions, route handlers and the OpenAPI document all import these.
 */

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

export const usernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .min(3, "Use at least 3 characters.")
  .max(32, "Use at most 32 characters.")
  .regex(USERNAME_PATTERN, "Use only letters, digits, and _ . -")
  .meta({ description: "3–32 of a-z A-Z 0-9 _ . - (unique, case-insensitively)", example: "ada_l" });

/** Parses any common written form of a phone number into E.164, or undefined. */
export function toE164(input: string, defaultRegion: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** A phone number schema for a region; the region comes from config, so it is built on demand. */
export function phoneNumberSchema(defaultRegion: string) {
  return z
    .string({ error: "Enter a phone number." })
    .trim()
    .min(1, "Enter a phone number.")
    .max(40, "That is not a valid phone number.")
    .transform((value, ctx) => {
      const e164 = toE164(value, defaultRegion);
      if (!e164) {
        ctx.addIssue({ code: "custom", message: "That is not a valid phone number." });
        return z.NEVER;
      }
      return e164;
    })
    .meta({ description: "Any common written form; stored and returned as E.164", example: "+14155552671" });
}

export const emailSchema = z
  .string({ error: "Enter an e-mail address." })
  .trim()
  .max(254, "That e-mail address is too long.")
  .pipe(z.email("Enter a valid e-mail address."))
  .meta({ description: "E-mail address (unique, case-insensitively)", example: "ada@example.com" });

/** Empty text in a form means "no e-mail". */
export const optionalEmailSchema = z
  .union([z.literal("").transform(() => undefined), emailSchema])
  .optional()
  .nullable()
  .transform((value) => value ?? undefined);

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.")
  .refine((value) => !/^\d+$/.test(value), "Use more than digits.")
  .meta({ description: "8–128 characters, not all digits, not common, not your username, phone or e-mail" });
