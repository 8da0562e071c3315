import { describe, expect, it } from "vitest";
import { eventLabel } from "@/components/account/event-labels";

describe("eventLabel", () => {
  it("says how a sign-in was proved, in the browser and over the API", () => {
    expect(eventLabel({ type: "sign_in", detail: { kind: "browser", method: "password" } })).toBe("Signed in");
    expect(eventLabel({ type: "sign_in", detail: { kind: "browser", method: "totp" } })).toBe(
      "Signed in with an authenticator code",
    );
    expect(eventLabel({ type: "sign_in", detail: { kind: "browser", method: "recovery_code" } })).toBe(
      "Signed in with a recovery code",
    );
    expect(eventLabel({ type: "sign_in", detail: { kind: "api", method: "passkey" } })).toBe(
      "Signed in with a passkey (API)",
    );
    expect(eventLabel({ type: "sign_in", detail: { kind: "api" } })).toBe("Signed in (API)");
    expect(eventLabel({ type: "sign_in", detail: null })).toBe("Signed in");
  });

  it("names the two-factor and passkey events", () => {
    expect(eventLabel({ type: "mfa_enabled", detail: { method: "totp" } })).toBe("Two-factor authentication turned on");
    expect(eventLabel({ type: "mfa_disabled", detail: null })).toBe("Two-factor authentication turned off");
    expect(eventLabel({ type: "recovery_codes_regenerated", detail: { count: 10 } })).toBe(
      "Recovery codes replaced with new ones",
    );
    expect(eventLabel({ type: "passkey_added", detail: null })).toBe("Passkey added");
    expect(eventLabel({ type: "passkey_removed", detail: null })).toBe("Passkey removed");
  });
});

describe("eventLabel of a password", () => {
  it("tells a first password from a changed one", () => {
    expect(eventLabel({ type: "password_changed", detail: { first: true } })).toBe("Password set");
    expect(eventLabel({ type: "password_changed", detail: null })).toBe("Password changed");
  });
});
