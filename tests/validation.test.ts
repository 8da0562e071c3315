import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { loginSchema } from "@/lib/validation/auth";
import { displayPhone, toE164 } from "@/lib/validation/phone";
import { registerRequestSchema, resetPasswordRequestSchema } from "@/lib/validation/requests";

const register = registerRequestSchema("US");
const valid = {
  username: "ada_l",
  phoneNumber: "(415) 555-2671",
  email: "ada@example.com",
  password: "correct horse battery",
};

function errorsOf(input: unknown) {
  const result = register.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe("phone numbers", () => {
  it.each(["(415) 555-2671", "415-555-2671", "415.555.2671", "+1 415 555 2671", "+14155552671", "1 (415) 555-2671"])(
    "%s → E.164",
    (written) => expect(toE164(written, "US")).toBe("+14155552671"),
  );

  it("uses the default region for national forms", () => {
    expect(toE164("020 7946 0958", "GB")).toBe("+442079460958");
    expect(toE164("+44 20 7946 0958", "US")).toBe("+442079460958");
  });

  it.each(["12", "555-0000-000000", "not a phone", ""])("rejects %j", (written) => {
    expect(toE164(written, "US")).toBeUndefined();
  });

  it("shows a stored number nationally in the default region, internationally elsewhere", () => {
    expect(displayPhone("+14155552671", "US")).toBe("(415) 555-2671");
    expect(displayPhone("+442079460958", "US")).toBe("+44 20 7946 0958");
    expect(displayPhone("+442079460958", "GB")).toBe("020 7946 0958");
    expect(displayPhone("not stored as E.164", "US")).toBe("not stored as E.164");
  });
});

describe("registerRequestSchema", () => {
  it("normalises a valid registration", () => {
    const parsed = register.parse({ ...valid, email: "  ada@example.com " });
    expect(parsed).toEqual({ ...valid, phoneNumber: "+14155552671", email: "ada@example.com" });
  });

  it("treats an empty e-mail as none", () => {
    expect(register.parse({ ...valid, email: "" }).email).toBeUndefined();
    expect(register.parse({ ...valid, email: undefined }).email).toBeUndefined();
  });

  it.each([
    ["username", "ab"],
    ["username", "a".repeat(33)],
    ["username", "has space"],
    ["username", "émile"],
    ["phoneNumber", "123"],
    ["email", "not-an-email"],
    ["password", "short1"],
    ["password", "1234567890123"],
    ["password", "x".repeat(129)],
    ["password", "password123"],
    ["password", "Qwertyuiop"],
  ])("rejects %s %j", (field, value) => {
    expect(Object.keys(errorsOf({ ...valid, [field]: value }))).toEqual([field]);
  });

  it("names only the rule a username breaks", () => {
    expect(errorsOf({ ...valid, username: "ab" }).username).toEqual(["Use at least 3 characters."]);
    expect(errorsOf({ ...valid, username: "a".repeat(33) }).username).toEqual(["Use at most 32 characters."]);
    expect(errorsOf({ ...valid, username: "has space" }).username).toEqual(["Use only letters, digits, and _ . -"]);
    expect(errorsOf({ ...valid, username: "a!" }).username).toEqual([
      "Use at least 3 characters.",
      "Use only letters, digits, and _ . -",
    ]);
  });

  it("reports every invalid field at once, a common password included", () => {
    const errors = errorsOf({ username: "a", phoneNumber: "1", email: "x", password: "password1" });
    expect(Object.keys(errors).sort()).toEqual(["email", "password", "phoneNumber", "username"]);
  });

  it.each([
    ["the username", { password: "xx_ada_l_xx" }],
    ["the phone number", { password: "4155552671ab" }],
    ["the e-mail", { password: "ada@example.com" }],
  ])("rejects a password made of %s", (_, change) => {
    expect(errorsOf({ ...valid, ...change }).password?.[0]).toMatch(/Do not use your/);
  });

  it("needs every required field", () => {
    expect(Object.keys(errorsOf({})).sort()).toEqual(["password", "phoneNumber", "username"]);
  });
});

describe("loginSchema and resetPasswordRequestSchema", () => {
  it("trims the identifier and keeps the password as typed", () => {
    expect(loginSchema.parse({ identifier: " ada ", password: " pw " })).toEqual({
      identifier: "ada",
      password: " pw ",
    });
  });

  it("wants a 6-digit code and a strong new password", () => {
    const result = resetPasswordRequestSchema.safeParse({ email: "a@b.co", otp: "12345", newPassword: "password" });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrorsOf(result.error)).sort()).toEqual(["newPassword", "otp"]);
  });
});
