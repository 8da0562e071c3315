import { z } from "zod";
import { otpSchema } from "@/lib/validation/auth";
import { emailSchema, passwordSchema, phoneInputSchema } from "@/lib/validation/fields";

/**
 * What the browser checks of the account forms, built only from lib/validation's field schemas
 * (client-safe). The domain parses every value again with the full rules (phone metadata,
 * common passwords, uniqueness) and asks for the password itself.
 */

const currentPassword = (message: string) => z.string({ error: message }).min(1, message);

export const verifyEmailFormSchema = z.object({ code: otpSchema });
export type VerifyEmailFormValues = z.output<typeof verifyEmailFormSchema>;

export const changeEmailFormSchema = z.object({
  email: emailSchema,
  password: currentPassword("Enter your password."),
});
export type ChangeEmailFormValues = z.output<typeof changeEmailFormSchema>;

export const changePhoneFormSchema = z.object({
  phoneNumber: phoneInputSchema,
  password: currentPassword("Enter your password."),
});
export type ChangePhoneFormValues = z.output<typeof changePhoneFormSchema>;

export const changePasswordFormSchema = z.object({
  currentPassword: currentPassword("Enter your current password."),
  newPassword: passwordSchema,
});
export type ChangePasswordFormValues = z.output<typeof changePasswordFormSchema>;

/** An account's first password: there is no current one to ask, and the form has no such field. */
export const setPasswordFormSchema = changePasswordFormSchema.extend({ currentPassword: z.string() });

export const deleteAccountFormSchema = z.object({ password: currentPassword("Enter your password.") });
export type DeleteAccountFormValues = z.output<typeof deleteAccountFormSchema>;
