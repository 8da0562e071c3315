import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "@/lib/log";
import { deliverDueMail } from "@/lib/mail/sender";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createSmtpCapture, longNumbers, type SmtpCapture, RESET_SUBJECT } from "./helpers/smtp-capture";

/**
 * Never logged: passwords, reset codes, tokens. Every flow that handles one runs
 * here with the real logger at "debug", and its serialised output (after pino's redaction) is
 * searched for them. The lines that must be there are checked too, so a silent logger cannot pass.
 */

type Stream = { write(line: string): void };
let app: TestApp;
let smtp: SmtpCapture;
let stream: Stream;
let write: Stream["write"];
const lines: string[] = [];

beforeAll(async () => {
  smtp = await createSmtpCapture();
  app = await startTestApp({ SMTP_URL: smtp.url });
  // The stream pino writes serialised lines to (stdout); vitest sets LOG_LEVEL=silent.
  stream = (logger as unknown as Record<symbol, Stream>)[pino.symbols.streamSym];
  write = stream.write;
  stream.write = (line) => void lines.push(line);
  logger.level = "debug";
});
afterAll(async () => {
  stream.write = write;
  logger.level = "silent";
  await app.close();
  await smtp.close();
});

const post = (path: string, body: unknown, ip = freshIp()) => app.call("POST", path, { body, ip });
const logged = (msg: string) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === msg);

describe("the log output", () => {
  it("holds no password, reset code or token from sign-up, sign-in, lockout, recovery and /me", async () => {
    const user = newUser();
    const registered = await post("/api/auth/register", user);
    expect(registered.status).toBe(201);
    const token = (await json(registered)).accessToken as string;
    expect((await app.call("GET", "/api/auth/me", { token })).status).toBe(200);
    expect((await app.call("GET", "/api/auth/me", { token: `${token}x` })).status).toBe(401);

    const ip = freshIp();
    const wrong = Array.from({ length: 6 }, (_, i) => `wrong-password-${i}-zz`);
    for (const password of wrong) await post("/api/auth/login", { identifier: user.username, password }, ip);
    const signedIn = await post("/api/auth/login", { identifier: user.phoneNumber, password: user.password });
    const signInToken = (await json(signedIn)).accessToken as string;

    expect((await post("/api/auth/forgot-password", { email: user.email })).status).toBe(202);
    await deliverDueMail();
    const [code] = longNumbers((await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT)).text);
    const wrongCode = code === "000000" ? "111111" : "000000";
    const newPassword = "copper-kettle-whistles-41";
    expect((await post("/api/auth/reset-password", { email: user.email, otp: wrongCode, newPassword })).status).toBe(
      400,
    );
    expect((await post("/api/auth/reset-password", { email: user.email, otp: code, newPassword })).status).toBe(200);

    // The events are there…
    expect(logged("login failed")).toHaveLength(5);
    expect(logged("login locked out")).toHaveLength(1);
    expect(logged("password reset refused")).toHaveLength(1);
    expect(logged("password reset completed")).toHaveLength(1);
    // …identified by hashes and ids, not by what the user typed (nor their e-mail or phone).
    for (const entry of logged("login failed")) expect(entry).toMatchObject({ account: expect.any(String), ip });
    const output = lines.join("");
    const e164 = user.phoneNumber.replace(/[^\d+]/g, "");
    for (const secret of [
      user.password,
      ...wrong,
      newPassword,
      code,
      wrongCode,
      token,
      signInToken,
      user.username,
      user.email,
      e164,
    ]) {
      expect(output, secret).not.toContain(secret);
    }
  });

  it("redacts secret-named fields wherever a caller puts them", () => {
    const before = lines.length;
    logger.warn(
      {
        password: "p-one",
        body: { newPassword: "p-two", otp: "123987" },
        headers: { authorization: "Bearer t-three", cookie: "c-four" },
      },
      "careless",
    );
    const output = lines.slice(before).join("");
    expect(output).toContain("careless");
    for (const secret of ["p-one", "p-two", "123987", "t-three", "c-four"]) expect(output).not.toContain(secret);
  });
});
