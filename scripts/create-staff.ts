/**
 * `npm run create-staff -- --username U --phone P --password W [--email E]`
 * Creates a staff user, or promotes the existing user with that username. Exits non-zero with
 * a clear message on bad input, a taken value, or a database that cannot be opened.
 */
import { parseArgs } from "node:util";
import { createStaff } from "@/lib/accounts/create-staff";
import { closeDb } from "@/lib/db";
import { ValidationError } from "@/lib/errors";

const USAGE = "usage: npm run create-staff -- --username U --phone P --password W [--email E]";

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
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
  const missing = ["username", "phone", "password"].filter((name) => !values[name]);
  if (missing.length > 0) {
    console.error(`missing ${missing.map((m) => `--${m}`).join(", ")}\n${USAGE}`);
    return 2;
  }
  try {
    const result = await createStaff({
      username: values.username!,
      phoneNumber: values.phone!,
      password: values.password!,
      email: values.email,
    });
    const said = { created: "created staff user", promoted: "promoted to staff:", "already-staff": "already staff:" };
    console.log(`${said[result.outcome]} ${result.username} (${result.userId})`);
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
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

main().then((code) => process.exit(code));
