"use client";

import { useRef, useState } from "react";
import { disableTotpAction, regenerateRecoveryCodesAction } from "@/app/(account)/account/security/two-factor-actions";
import { Badge } from "@/components/account/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordAndCodeForm } from "./password-and-code-form";
import { RecoveryCodes } from "./recovery-codes";
import { TotpSetup } from "./totp-setup";

type Step = { name: "idle" } | { name: "setup" } | { name: "regenerate" } | { name: "disable" } | CodesStep;
type CodesStep = { name: "codes"; title: string; codes: string[]; notice: string };

/**
 * The authenticator app on /account/security. The page's props say whether it is on (the actions
 * refresh them); the step is what this browser is in the middle of, so the recovery codes stay
 * on screen after the page has learnt that two-factor is on.
 */
export function TwoFactorSettings({
  on,
  enabledOn,
  recoveryCodesLeft,
  username,
}: {
  on: boolean;
  /** The day it was turned on (YYYY-MM-DD), when on. */
  enabledOn?: string;
  recoveryCodesLeft: number;
  username: string;
}) {
  const [step, setStep] = useState<Step>({ name: "idle" });
  const [notice, setNotice] = useState<string>();
  // The buttons that open a step, to go back to the one pressed (or the first there is) afterwards.
  const openers = useRef<Partial<Record<Step["name"], HTMLButtonElement | null>>>({});

  function open(next: Step) {
    setNotice(undefined);
    setStep(next);
  }
  function backToIdle(message?: string) {
    const from = step.name;
    setNotice(message);
    setStep({ name: "idle" });
    // Once the buttons are rendered again, so keyboard users are not lost.
    requestAnimationFrame(() => {
      const { current } = openers;
      (current[from] ?? current.regenerate ?? current.setup)?.focus();
    });
  }

  if (step.name === "codes") {
    return (
      <RecoveryCodes codes={step.codes} username={username} title={step.title} onDone={() => backToIdle(step.notice)} />
    );
  }
  if (step.name === "setup") {
    return (
      <TotpSetup
        username={username}
        onCancel={() => backToIdle()}
        onEnabled={(codes) =>
          setStep({
            name: "codes",
            title: "Two-factor authentication is on. Save your recovery codes",
            codes,
            notice: "Two-factor authentication is on. Signing in now asks for a code from your app.",
          })
        }
      />
    );
  }
  if (step.name === "regenerate") {
    return (
      <PasswordAndCodeForm
        label="New recovery codes"
        intro="Enter your password and a current code. Your earlier recovery codes will stop working."
        submit="Get new codes"
        username={username}
        action={regenerateRecoveryCodesAction}
        onDone={(state) =>
          setStep({
            name: "codes",
            title: "Your new recovery codes",
            codes: state.recoveryCodes ?? [],
            notice: "New recovery codes are ready; the earlier ones no longer work.",
          })
        }
        onCancel={() => backToIdle()}
      />
    );
  }
  if (step.name === "disable") {
    return (
      <PasswordAndCodeForm
        label="Turn off two-factor authentication"
        intro="Enter your password and a current code. Signing in will then ask for your password only."
        submit="Turn off two-factor"
        variant="danger"
        username={username}
        action={disableTotpAction}
        onDone={(state) => backToIdle(state.success)}
        onCancel={() => backToIdle()}
      />
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <FormMessage kind="success">{notice}</FormMessage>
      {on ? (
        <>
          <div className="flex flex-col gap-1 text-sm text-zinc-700 dark:text-zinc-300">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone="success">On</Badge>
              <span>Authenticator app{enabledOn ? `, on since ${enabledOn}` : ""}.</span>
            </p>
            <p data-recovery-codes-left={recoveryCodesLeft}>
              {recoveryCodesLeft === 1 ? "1 recovery code left." : `${recoveryCodesLeft} recovery codes left.`}
              {recoveryCodesLeft <= 3 && " Get new ones before you run out."}
            </p>
          </div>
          <div className="flex flex-wrap gap-3">
            <Button
              ref={(button) => {
                openers.current.regenerate = button;
              }}
              type="button"
              variant="secondary"
              onClick={() => open({ name: "regenerate" })}
            >
              New recovery codes
            </Button>
            <Button
              ref={(button) => {
                openers.current.disable = button;
              }}
              type="button"
              variant="danger"
              onClick={() => open({ name: "disable" })}
            >
              Turn off
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <Badge>Off</Badge>
            <span>Signing in asks for your password only.</span>
          </p>
          <Button
            ref={(button) => {
              openers.current.setup = button;
            }}
            type="button"
            className="self-start"
            onClick={() => open({ name: "setup" })}
          >
            Set up an authenticator app
          </Button>
        </>
      )}
    </div>
  );
}
