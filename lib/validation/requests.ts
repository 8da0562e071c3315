import { z } from "zod";
import { providerSignUpFormSchema, registerFormSchema, resetPasswordFormSchema } from "@/lib/validation/auth";
import { passwordSchema } from "@/lib/validation/fields";
import { phoneNumberSchema } from "@/lib/validation/phone";
import { isCommonPassword, similarityProblem } from "@/lib/validation/password-rules";

/**
 * Server-side request schemas: the form schemas plus the rules that need the common-password
 * list and phone metadata. The phone region comes from configuration, so those are built per region. Route handlers, server actions and the OpenAPI document use these.
 */

/** On the field itself, so a common password is reported even when other fields are invalid. */
const strongPasswordSchema = passwordSchema.refine(
  (password) => !isCommonPassword(password),
  "This password is too common. Choose another.",
);

export function registerRequestSchema(phoneRegion: string) {
  return registerFormSchema
    .extend({ phoneNumber: phoneNumberSchema(phoneRegion), password: strongPasswordSchema })
    .superRefine((value, ctx) => {
      const problem = similarityProblem(value.password, value);
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    })
    .meta({ id: "RegisterRequest" });
}
export type RegisterInput = z.output<ReturnType<typeof registerRequestSchema>>;

export function providerSignUpRequestSchema(phoneRegion: string) {
  return providerSignUpFormSchema.extend({ phoneNumber: phoneNumberSchema(phoneRegion) });
}
export type ProviderSignUpInput = z.output<ReturnType<typeof providerSignUpRequestSchema>>;

export const resetPasswordRequestSchema = resetPasswordFormSchema
  .extend({ newPassword: strongPasswordSchema })
  .meta({ id: "ResetPasswordRequest" });
export type ResetPasswordInput = z.output<typeof resetPasswordRequestSchema>;

export const changePasswordRequestSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password."),
    newPassword: strongPasswordSchema,
  })
  .meta({ id: "ChangePasswordRequest" });

/** The first password of an account made through a provider: there is no current one to ask. */
export const setPasswordRequestSchema = changePasswordRequestSchema.pick({ newPassword: true });
