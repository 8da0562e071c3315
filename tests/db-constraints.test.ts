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

  it("keeps the generated search text in step with the user, and answers substring searches from its trigram index", async () => {
    const created = await t.db.user.create({
      data: user({ username: "Alice_X", phoneNumber: "+14155550123", email: "Alice@Example.com" }),
    });
    const searchText = async () =>
      (await t.sql.query<{ searchText: string }>(`SELECT "searchText" FROM "User" WHERE id = $1`, [created.id]))[0]
        .searchText;
    // Punctuation spelt as capitals (the column is otherwise lowercase), so trigrams keep it.
    expect(await searchText()).toBe("aliceQx\u0001aliceJexampleXcom\u0001K14155550123");
    await t.db.user.update({ where: { id: created.id }, data: { email: null, username: "Bob" } });
    expect(await searchText()).toBe("bob\u0001\u0001K14155550123");
    // Prisma never reads it (lib/db/client.ts omits it).
    expect(Object.keys(await t.db.user.findUniqueOrThrow({ where: { id: created.id } }))).not.toContain("searchText");

    // Enough rows, with statistics, that the planner weighs the index as it would in production.
    await t.sql.exec(`
      INSERT INTO "User" (id, username, "phoneNumber", email, "passwordHash", "updatedAt")
      SELECT 'bulk' || i, 'bulk_' || i, '+1999' || lpad(i::text, 7, '0'), 'bulk' || i || '@example.com', 'x', now()
      FROM generate_series(1, 5000) AS i;
      ANALYZE "User";`);
    expect(await explainSearch()).toMatch(/Index Scan on "User_searchText_idx"[^\n]*\n\s+Index Cond: [^\n]*~~ '%lic%'/);
  });
});

class Rollback extends Error {}

/** EXPLAIN of a substring search as lib/admin/user-query.ts writes it, with seqscan off, rolled back. */
async function explainSearch(): Promise<string> {
  let plan = "";
  await t.sql
    .transaction(async (tx) => {
      await tx.query("SET LOCAL enable_seqscan = off"); // asserted: the index *can* serve the search
      const rows = await tx.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT id FROM "User" WHERE "searchText" LIKE lower('%LIC%')`,
      );
      plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return plan;
}
