import { z } from "zod";

/**
 * The field schemas of the product, each with its normalising transform.
 * Forms, server actions, route handlers and the OpenAPI document all import these. Client-safe
 * and light: phone parsing (libphonenumber's metadata) lives in phone.ts, for the server.
 */

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
// The character rule alone: a username that is only too short or too long is told just that.
const USERNAME_CHARACTERS = /^[A-Za-z0-9_.-]*$/;

export const usernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .min(3, "Use at least 3 characters.")
  .max(32, "Use at most 32 characters.")
  .regex(USERNAME_CHARACTERS, "Use only letters, digits, and _ . -")
  .meta({ description: "3–32 of a-z A-Z 0-9 _ . - (unique, case-insensitively)", example: "ada_l" });

/** What the browser checks of a phone number; the server parses it (lib/validation/phone.ts). */
export const phoneInputSchema = z
  .string({ error: "Enter a phone number." })
  .trim()
  .min(1, "Enter a phone number.")
  .max(40, "That is not a valid phone number.");

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
  .meta({
    description: "8–128 characters, not all digits, not common, not your username, phone or e-mail",
    example: "blue-tractor-42",
  });
