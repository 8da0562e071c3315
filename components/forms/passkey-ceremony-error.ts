/**
 * What to tell someone whose browser did not finish a passkey ceremony: the browser's reasons
 * (cancelled, timed out, already registered) in words, rather than its error names.
 */
export function ceremonyError(error: unknown, ceremony: "add" | "sign-in"): string | undefined {
  const name = error instanceof Error ? error.name : "";
  // Another ceremony took over (the button pressed while autofill waited): nothing went wrong.
  if (name === "AbortError") return undefined;
  if (name === "NotAllowedError") {
    return ceremony === "add"
      ? "No passkey was added: the request was cancelled or timed out."
      : "The passkey sign-in was cancelled or timed out.";
  }
  if (name === "InvalidStateError" && ceremony === "add") {
    return "This device already holds a passkey for your account.";
  }
  if (name === "SecurityError") return "This site's address does not allow passkeys here.";
  return ceremony === "add"
    ? "Your browser could not create a passkey. Try again."
    : "Your browser could not use a passkey. Try again, or sign in with your password.";
}

/** A server answer's message for the alert region: a form-level error, else the first field error. */
export function answerError(state: { formError?: string; fieldErrors?: Record<string, string[]> }): string | undefined {
  return state.formError ?? Object.values(state.fieldErrors ?? {}).flat()[0];
}
