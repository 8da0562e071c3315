import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * Password rules beyond length (as NIST SP 800-63B §5.1.1.2 asks): not a common password,
 * not the user's own identifiers. The common list is zxcvbn's ranked list of ~49,000 leaked
 * passwords, shipped with the app through npm.
 */

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}

export type PasswordContext = { username?: string; phoneNumber?: string; email?: string };

/** Why the password is too close to the user's identifiers, or undefined when it is not. */
export function similarityProblem(password: string, context: PasswordContext): string | undefined {
  const pw = password.toLowerCase();
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && (pw.includes(username) || username.includes(pw))) {
    return "Do not use your username in your password.";
  }
  const digits = context.phoneNumber?.replace(/\D/g, "") ?? "";
  const pwDigits = pw.replace(/\D/g, "");
  // The national part (last 7 digits) is what people reuse; the country code alone is no leak.
  if (
    digits.length >= 7 &&
    pwDigits.length >= 7 &&
    (digits.includes(pwDigits) || pwDigits.includes(digits.slice(-7)))
  ) {
    return "Do not use your phone number in your password.";
  }
  const email = context.email?.trim().toLowerCase();
  const local = email?.split("@")[0] ?? "";
  if (email && (pw === email || (local.length >= 3 && pw.includes(local)))) {
    return "Do not use your e-mail address in your password.";
  }
  return undefined;
}
