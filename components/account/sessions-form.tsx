"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { endSessionsAction } from "@/app/(account)/account/security/actions";
import { Button, type ButtonProps } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/**
 * The session list as one form (it works before JavaScript loads): each "End session" button
 * submits its session's id. The answer is focused, since the button pressed is gone with its row.
 */
export function SessionsForm({ others, children }: { others: number; children: ReactNode }) {
  const [state, formAction] = useActionState(endSessionsAction, {});
  const answer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.success || state.formError) answer.current?.focus();
  }, [state]);

  return (
    <form action={formAction} className="flex flex-col gap-4">
      <div ref={answer} tabIndex={-1} className="flex flex-col gap-2 outline-none empty:hidden">
        <FormMessage kind="success">{state.success}</FormMessage>
        <FormMessage>{state.formError}</FormMessage>
      </div>
      {children}
      {others > 0 && (
        <SessionButton session="others" className="self-start">
          Sign out of all other sessions
        </SessionButton>
      )}
    </form>
  );
}

/** A submit button of SessionsForm: busy while its own submit runs, disabled while any does. */
export function SessionButton({ session, ...props }: Omit<ButtonProps, "name" | "value"> & { session: string }) {
  const { pending, data } = useFormStatus();
  return (
    <Button
      variant="secondary"
      {...props}
      name="session"
      value={session}
      pending={pending && data?.get("session") === session}
      disabled={pending}
    />
  );
}
