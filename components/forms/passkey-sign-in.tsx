"use client";

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { passkeySignInAction, passkeySignInOptionsAction } from "@/app/(auth)/sign-in/passkey-actions";
import { Button } from "@/components/ui/button";
import { OrDivider } from "@/components/ui/or-divider";
import { FormMessage } from "@/components/ui/form-message";
import { answerError, ceremonyError } from "./passkey-ceremony-error";

type Status = "idle" | "asking" | "verifying";

/**
 * "Sign in with a passkey", and the browser's passkey autofill on the username field (which
 * needs autocomplete="username webauthn" there): a passkey chosen either way signs in at once and
 * the server's redirect goes to `next`. Autofill waits quietly in the background; pressing the
 * button takes over from it (the library aborts the waiting request).
 */
export function PasskeySignIn({ next }: { next?: string }) {
  const [status, setStatus] = useState<Status>("idle");
  const [error, setError] = useState<string>();
  const supported = useWebAuthnSupport();

  // The latest attempt: one that another has taken over from (the button pressed while autofill
  // waited) must not touch the state of the one that replaced it.
  const attempt = useRef(0);

  async function signIn(useBrowserAutofill: boolean) {
    const mine = ++attempt.current;
    const fail = (message: string | undefined) => {
      if (mine !== attempt.current) return;
      setStatus("idle");
      setError(message);
    };
    setError(undefined);
    if (!useBrowserAutofill) setStatus("asking");
    try {
      const started = await passkeySignInOptionsAction();
      // Autofill waits unasked for: a refusal to start it (say, rate-limited) is not shown.
      if (!started.options) return fail(useBrowserAutofill ? undefined : answerError(started));
      let response;
      try {
        response = await startAuthentication({ optionsJSON: started.options, useBrowserAutofill });
      } catch (err) {
        // A quiet autofill that ends (aborted, or nothing chosen) is nothing to report.
        return fail(useBrowserAutofill ? undefined : ceremonyError(err, "sign-in"));
      }
      setStatus("verifying");
      // On success the action redirects, and this page goes away.
      const state = await passkeySignInAction(response, next);
      fail(answerError(state));
    } catch (err) {
      fail(ceremonyError(err, "sign-in"));
    }
  }

  useEffect(() => {
    let cancelled = false;
    void browserSupportsWebAuthnAutofill().then((autofill) => {
      if (autofill && !cancelled) void signIn(true);
    });
    return () => {
      cancelled = true;
      WebAuthnAbortService.cancelCeremony();
    };
    // Once, on load: autofill is started for the page, not per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!supported) return null;
  return (
    <div className="flex flex-col gap-3">
      <OrDivider />
      <FormMessage>{error}</FormMessage>
      <Button
        type="button"
        variant="secondary"
        pending={status !== "idle"}
        pendingText={status === "verifying" ? "Signing in…" : "Waiting for your passkey…"}
        onClick={() => void signIn(false)}
        className="w-full"
      >
        Sign in with a passkey
      </Button>
    </div>
  );
}

const noSubscription = () => () => {};

/** Whether this browser has WebAuthn: known only in the browser; the server renders the button. */
export function useWebAuthnSupport(): boolean {
  return useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => true);
}
