import { z } from "zod";

/**
 * Schemas of two-factor sign-in and its settings, for the forms and the API alike. Client-safe.
 */

/** What an authenticator app shows: six digits (spaces, as some apps group them, are dropped). */
export const totpCodeSchema = z
  .string({ error: "Enter the 6-digit code from your app." })
  .transform((code) => code.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your app."))
  .meta({ description: "The 6-digit code the authenticator app shows", example: "123456" });

/** A code where either kind is accepted: the app's six digits, or a recovery code ("xxxxx-xxxxx"). */
export const secondFactorCodeSchema = z
  .string({ error: "Enter the code from your app, or a recovery code." })
  .trim()
  .min(1, "Enter the code from your app, or a recovery code.")
  .max(32, "That is not a code from your app or a recovery code.")
  .meta({ description: "A 6-digit authenticator-app code, or one of the recovery codes", example: "123456" });

/** The browser's second step of sign-in: the code alone (the mfaToken stays in its cookie). */
export const secondFactorFormSchema = z.object({ code: secondFactorCodeSchema });
export type SecondFactorFormValues = z.input<typeof secondFactorFormSchema>;

const currentPassword = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(128, "Use at most 128 characters.")
  .meta({ description: "The current password, asked again" });

export const startTotpSchema = z.object({ password: currentPassword }).meta({ id: "StartTotpRequest" });
export const confirmTotpSchema = z.object({ code: totpCodeSchema }).meta({ id: "ConfirmTotpRequest" });
export const passwordAndCodeSchema = z
  .object({ password: currentPassword, code: secondFactorCodeSchema })
  .meta({ id: "PasswordAndCodeRequest" });
export type PasswordAndCode = z.output<typeof passwordAndCodeSchema>;

export const mfaLoginSchema = z
  .object({
    mfaToken: z
      .string({ error: "Send the mfaToken of the sign-in." })
      .min(1, "Send the mfaToken of the sign-in.")
      .max(128, "That is not an mfaToken."),
    code: secondFactorCodeSchema,
  })
  .meta({ id: "MfaLoginRequest" });
export type MfaLoginInput = z.output<typeof mfaLoginSchema>;
