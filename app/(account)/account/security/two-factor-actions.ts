"use server";

import { refresh } from "next/cache";
import QRCode from "qrcode";
import { ForbiddenError } from "@/lib/errors";
import type { FormState } from "@/lib/session/form-state";
import { besidePasswordField, userAction } from "@/lib/session/user-action";
import {
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
  WRONG_SECOND_FACTOR,
} from "@/lib/two-factor/totp-enrolment";
import { parseInput } from "@/lib/validation/issues";
import { confirmTotpSchema, passwordAndCodeSchema, startTotpSchema } from "@/lib/validation/two-factor";

/** The authenticator-app settings of /account/security: the same domain functions and limits as /api/account/mfa/*. */

const options = { rateLimit: "account-change", returnTo: "/account/security" } as const;

/** The secret to type in, and the same secret as a QR code (a data: URL image). */
export type TotpSetupState = FormState & { setup?: { secret: string; qrCode: string } };
/** The new recovery codes, shown once. */
export type RecoveryCodesState = FormState & { recoveryCodes?: string[] };

export async function startTotpAction(values: unknown): Promise<TotpSetupState> {
  return userAction(options, async (user, client): Promise<TotpSetupState> => {
    const { password } = parseInput(startTotpSchema, values);
    let started;
    try {
      started = await startTotpEnrolment(user, password, client);
    } catch (error) {
      return besidePasswordField("password", error);
    }
    const qrCode = await QRCode.toDataURL(started.otpauthUri, { margin: 2, width: 240, errorCorrectionLevel: "M" });
    return { setup: { secret: started.secret, qrCode } };
  });
}

export async function confirmTotpAction(values: unknown): Promise<RecoveryCodesState> {
  return userAction(options, async (user, client): Promise<RecoveryCodesState> => {
    const { recoveryCodes } = await confirmTotpEnrolment(user, parseInput(confirmTotpSchema, values).code, client);
    refresh();
    return { recoveryCodes };
  });
}

export async function regenerateRecoveryCodesAction(values: unknown): Promise<RecoveryCodesState> {
  return userAction(options, async (user, client): Promise<RecoveryCodesState> => {
    try {
      const { recoveryCodes } = await regenerateRecoveryCodes(user, parseInput(passwordAndCodeSchema, values), client);
      refresh();
      return { recoveryCodes };
    } catch (error) {
      return besideTheWrongField(error);
    }
  });
}

export async function disableTotpAction(values: unknown): Promise<FormState> {
  return userAction(options, async (user, client) => {
    try {
      await disableTotp(user, parseInput(passwordAndCodeSchema, values), client);
    } catch (error) {
      return besideTheWrongField(error);
    }
    refresh();
    return { success: "Two-factor authentication is off. Signing in asks for your password only." };
  });
}

/** A wrong password or a wrong code are both 403s; each message goes beside its own field. */
function besideTheWrongField(error: unknown): FormState {
  if (error instanceof ForbiddenError && error.message === WRONG_SECOND_FACTOR) {
    return { fieldErrors: { code: [error.message] } };
  }
  return besidePasswordField("password", error);
}
