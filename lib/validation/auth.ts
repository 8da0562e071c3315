import { z } from "zod";
import {
  emailSchema,
  optionalEmailSchema,
  passwordSchema,
  phoneInputSchema,
  usernameSchema,
} from "@/lib/validation/fields";

/**
 * Schemas of the public auth flows as the browser forms use them. Client-safe: no server-only
 * imports and no large word lists; lib/validation/requests.ts adds the server-side password rules.
 */

export const registerFormSchema = z.object({
  username: usernameSchema,
  phoneNumber: phoneInputSchema,
  email: optionalEmailSchema,
  password: passwordSchema,
});

/** Sign-up after a first sign-in with an identity provider: the provider stands in for the password. */
export const providerSignUpFormSchema = registerFormSchema.omit({ password: true });

export const loginSchema = z
  .object({
    identifier: z
      .string({ error: "Enter your username or phone number." })
      .trim()
      .min(1, "Enter your username or phone number.")
      .max(64, "That is not a username or phone number.")
      .meta({ description: "Username, or phone number in any written form", example: "ada_l" }),
    password: z
      .string({ error: "Enter your password." })
      .min(1, "Enter your password.")
      .max(128, "Use at most 128 characters.")
      .meta({ example: "blue-tractor-42" }),
  })
  .meta({ id: "LoginRequest" });
export type LoginInput = z.output<typeof loginSchema>;

export const forgotPasswordSchema = z.object({ email: emailSchema }).meta({ id: "ForgotPasswordRequest" });
export type ForgotPasswordInput = z.output<typeof forgotPasswordSchema>;

export const otpSchema = z
  .string({ error: "Enter the 6-digit code." })
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code from the e-mail.");

export const resetPasswordFormSchema = z.object({
  email: emailSchema,
  otp: otpSchema,
  newPassword: passwordSchema,
});
