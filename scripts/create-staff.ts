/**
 * `npm run create-staff -- --username U [--phone P --password W [--email E]]`
 * Promotes the existing user with that username to staff, or creates a staff user (which needs
 * --phone and --password). Exits non-zero with a clear message on bad input, a taken value, or
 * a database that cannot be opened.
 */
import { parseArgs } from "node:util";
import { createStaffUser, promoteToStaff, type CreateStaffResult } from "@/lib/accounts/create-staff";
import { closeDb } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/errors";

const USAGE = [
  "usage: npm run create-staff -- --username U --phone P --password W [--email E]   (a new staff user)",
  "       npm run create-staff -- --username U                                       (promotes an existing user)",
].join("\n");

const SAID: Record<CreateStaffResult["outcome"], string> = {
  created: "created staff user",
  promoted: "promoted to staff:",
  "already-staff": "already staff:",
};

type Values = { username?: string; phone?: string; password?: string; email?: string };

async function main(): Promise<number> {
  let values: Values;
  try {
    ({ values } = parseArgs({
      options: {
        username: { type: "string" },
        phone: { type: "string" },
        password: { type: "string" },
        email: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.username) {
    console.error(`missing --username\n${USAGE}`);
    return 2;
  }
  try {
    const promoted = await promoteToStaff(values.username);
    if (promoted) {
      noteIgnored(promoted.username, values);
      console.log(`${SAID[promoted.outcome]} ${promoted.username} (${promoted.userId})`);
      return 0;
    }
    const missing = (["phone", "password"] as const).filter((name) => !values[name]);
    if (missing.length > 0) {
      console.error(
        `missing ${missing.map((m) => `--${m}`).join(", ")}: there is no user "${values.username}" to promote, and a new one needs both\n${USAGE}`,
      );
      return 2;
    }
    const created = await createStaffUser({
      username: values.username,
      phoneNumber: values.phone!,
      password: values.password!,
      email: values.email,
    });
    console.log(`${SAID[created.outcome]} ${created.username} (${created.userId})`);
    return 0;
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const flag: Record<string, string> = { phoneNumber: "phone" };
      for (const [field, messages] of Object.entries(error.fieldErrors)) {
        console.error(`--${flag[field] ?? field}: ${messages.join(" ")}`);
      }
      return 1;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await closeDb();
  }
}

/**
 * Re-running the command that created a user must stay harmless (provisioning scripts do), so
 * the other flags of an existing user are ignored rather than refused; but an operator who meant
 * to set that password must learn it was not set.
 */
function noteIgnored(username: string, values: Values): void {
  const kept = { phone: "phone number", password: "password", email: "e-mail" } as const;
  const ignored = (["phone", "password", "email"] as const).filter((name) => values[name] !== undefined);
  if (ignored.length === 0) return;
  const flags = ignored.map((name) => `--${name}`).join(", ");
  const what = ignored.map((name) => kept[name]).join(" and ");
  console.error(
    `note: ${flags} ignored: ${username} already exists, and promotion leaves its ${what} as they are` +
      (values.password !== undefined ? " (a password is changed with the password reset)" : ""),
  );
}

main().then((code) => process.exit(code));
