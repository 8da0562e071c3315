"use client";

import {
  resetTwoFactorAction,
  sendPasswordResetAction,
  signOutEverywhereAction,
  unlockAction,
} from "@/app/admin/users/[id]/actions";
import { SecurityAction } from "./security-action";

export type SecurityActionsUser = {
  id: string;
  /** The staff user looking at their own record. */
  self: boolean;
  mfaEnabled: boolean;
  hasEmail: boolean;
  /** Deactivated and deleted users cannot use a reset code. */
  canReset: boolean;
};

/**
 * What support can do for the user's security. On one's own record, what would sign one out or
 * take away one's own second factor is disabled with the reason; the server refuses it anyway.
 */
export function SecurityActions({ user }: { user: SecurityActionsUser }) {
  const resetRefusal = user.self
    ? "Not on your own account: it would sign you out. Use Change password on your account page."
    : !user.hasEmail
      ? "This user has no e-mail address to send a code to."
      : !user.canReset
        ? "Deactivated or deleted users cannot use a reset code."
        : undefined;
  return (
    <ul className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
      <SecurityAction
        title="Sign out everywhere"
        description="Ends every session and token of the user, on every device, at once."
        button="Sign out everywhere"
        confirm={{ question: "Sign this user out of every session now?", submit: "Sign out everywhere" }}
        variant="danger"
        disabledReason={
          user.self ? "Not on your own account: use your Security page to end your other sessions." : undefined
        }
        run={() => signOutEverywhereAction(user.id)}
      />
      <SecurityAction
        title="Unlock"
        description="Clears every sign-in lockout of the account, from every address, so the right password signs in at once."
        button="Unlock"
        confirm={{ question: "Forget this user's failed sign-ins and lift every lockout?", submit: "Unlock" }}
        run={() => unlockAction(user.id)}
      />
      {user.mfaEnabled && (
        <SecurityAction
          title="Reset two-factor"
          description="Turns their authenticator app off and voids their recovery codes: the password alone then signs them in. Passkeys stay."
          button="Reset two-factor"
          confirm={{
            question: "Turn off this user's two-factor authentication? Do this only once you know it is them.",
            submit: "Reset two-factor",
          }}
          variant="danger"
          disabledReason={
            user.self ? "Not on your own account: turn it off on your Security page, with a code." : undefined
          }
          run={() => resetTwoFactorAction(user.id)}
        />
      )}
      <SecurityAction
        title="Send password reset"
        description="E-mails the user a reset code (the forgot-password e-mail) and ends their sessions."
        button="Send password reset"
        confirm={{
          question: "Send a reset code to this user's e-mail address and sign them out everywhere?",
          submit: "Send password reset",
        }}
        disabledReason={resetRefusal}
        run={() => sendPasswordResetAction(user.id)}
      />
    </ul>
  );
}
