"use server";

import { refresh } from "next/cache";
import {
  EMAIL_CHANGE_SENT,
  requestEmailChange,
  requestEmailVerification,
  VERIFICATION_SENT,
  verifyEmail,
} from "@/lib/accounts/email-verification";
import { hasPassword } from "@/lib/accounts/confirm-password";
import { changePassword, changePhone, deleteOwnAccount } from "@/lib/accounts/self-service";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import type { FormState } from "@/lib/session/form-state";
import { signOut } from "@/lib/session/next-auth";
import { besidePasswordField, userAction } from "@/lib/session/user-action";

/** The /account forms: the same domain functions as /api/account/*, with the same rate limits. */

const returnTo = "/account";

export async function sendVerificationCodeAction(): Promise<FormState> {
  return userAction({ rateLimit: "email-code", returnTo }, async (user) => {
    await requestEmailVerification(user);
    return { success: VERIFICATION_SENT };
  });
}

export async function verifyEmailAction(values: unknown): Promise<FormState> {
  return userAction({ rateLimit: "email-code", returnTo }, async (user, client) => {
    const verified = await verifyEmail(user, values, client);
    refresh();
    return { success: `${verified.email} is verified.` };
  });
}

export async function changeEmailAction(values: unknown): Promise<FormState> {
  return userAction({ rateLimit: "account-change", returnTo }, async (user, client) => {
    try {
      await requestEmailChange(user, values, client);
    } catch (error) {
      return besidePasswordField("password", error);
    }
    return { success: EMAIL_CHANGE_SENT };
  });
}

export async function changePhoneAction(values: unknown): Promise<FormState> {
  return userAction({ rateLimit: "account-change", returnTo }, async (user, client) => {
    try {
      await changePhone(user, values, client);
    } catch (error) {
      return besidePasswordField("password", error);
    }
    refresh();
    return { success: "Your phone number is changed." };
  });
}

/** Every session ends with the old password, this one too: the browser is signed in afresh. */
export async function changePasswordAction(values: unknown): Promise<FormState> {
  return userAction({ rateLimit: "account-change", returnTo }, async (user, client) => {
    const first = !(await hasPassword(user.id));
    let changed;
    try {
      changed = await changePassword(user, values, client);
    } catch (error) {
      return besidePasswordField("currentPassword", error);
    }
    await signInBrowser(changed, client, `/account?notice=${first ? "password-set" : "password-changed"}`);
  });
}

export async function deleteAccountAction(values: unknown): Promise<FormState> {
  return userAction({ rateLimit: "account-change", returnTo }, async (user, client) => {
    try {
      await deleteOwnAccount(user, values, client);
    } catch (error) {
      return besidePasswordField("password", error);
    }
    // The sessions ended with the deletion; this drops the cookie.
    await signOut({ redirectTo: "/sign-in?notice=account-deleted" });
  });
}
