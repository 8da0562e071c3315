import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { uniqueViolationField } from "@/lib/db/users";
import { createTestDb, type TestDb } from "./helpers/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
function user(overrides: { username?: string; phoneNumber?: string; email?: string | null } = {}) {
  n += 1;
  return {
    username: `user_${n}`,
    phoneNumber: `+1415555${String(1000 + n).padStart(4, "0")}`,
    passwordHash: "not-a-real-hash",
    ...overrides,
  };
}

async function createError(data: ReturnType<typeof user>): Promise<unknown> {
  return t.db.user.create({ data }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("database constraints", () => {
  it("keeps the username as typed but unique case-insensitively", async () => {
    const alice = await t.db.user.create({ data: user({ username: "Alice" }) });
    expect(alice.username).toBe("Alice");
    const error = await createError(user({ username: "alice" }));
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expect(uniqueViolationField(error)).toBe("username");
  });

  it("lets any number of users have no e-mail", async () => {
    await t.db.user.create({ data: user({ email: null }) });
    await t.db.user.create({ data: user({ email: null }) });
    expect(await t.db.user.count({ where: { email: null } })).toBeGreaterThanOrEqual(2);
  });

  it("keeps e-mails unique case-insensitively when present", async () => {
    await t.db.user.create({ data: user({ email: "Bob@Example.com" }) });
    const error = await createError(user({ email: "bob@example.COM" }));
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expect(uniqueViolationField(error)).toBe("email");
  });

  it("keeps phone numbers unique", async () => {
    await t.db.user.create({ data: user({ phoneNumber: "+14155552671" }) });
    const error = await createError(user({ phoneNumber: "+14155552671" }));
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expect(uniqueViolationField(error)).toBe("phoneNumber");
  });

  it("answers substring searches from the trigram indexes", async () => {
    // Enough rows, with statistics, that the planner weighs the indexes as it would in production
    // (on an empty table it may pick any index, e.g. the partial lower(email) one, for email).
    await t.sql.exec(`
      INSERT INTO "User" (id, username, "phoneNumber", email, "passwordHash", "updatedAt")
      SELECT 'bulk' || i, 'bulk_' || i, '+1999' || lpad(i::text, 7, '0'), 'bulk' || i || '@example.com', 'x', now()
      FROM generate_series(1, 5000) AS i;
      ANALYZE "User";`);
    expect(await explainIlike("username")).toMatch(servedBy("User_username_idx"));
    expect(await explainIlike("phoneNumber")).toMatch(servedBy("User_phoneNumber_idx"));
    // At test scale the planner may prefer reading the whole partial lower(email) index; hide it
    // (inside a rolled-back transaction) to show the trigram index serves the search.
    expect(await explainIlike("email", ["User_email_lower_key"])).toMatch(servedBy("User_email_idx"));
  });
});

class Rollback extends Error {}

/** The plan reads `index` and evaluates the ILIKE in it (not merely as a filter afterwards). */
function servedBy(index: string): RegExp {
  return new RegExp(`Index Scan on "${index}"[^\\n]*\\n\\s+Index Cond: [^\\n]*~~\\* '%lic%'`);
}

/** EXPLAIN of a substring search, with seqscan off and the given indexes dropped, all rolled back. */
async function explainIlike(column: string, hideIndexes: string[] = []): Promise<string> {
  let plan = "";
  await t.sql
    .transaction(async (tx) => {
      await tx.query("SET LOCAL enable_seqscan = off"); // asserted: the index *can* serve the search
      for (const index of hideIndexes) await tx.query(`DROP INDEX "${index}"`);
      const rows = await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT id FROM "User" WHERE "${column}" ILIKE '%lic%'`);
      plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return plan;
}
