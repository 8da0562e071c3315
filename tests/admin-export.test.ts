import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell, csvCellSql } from "@/lib/admin/csv";
import { Prisma } from "@/lib/generated/prisma/client";
import { exportUsers } from "@/lib/admin/export";
import { userFilterSchema } from "@/lib/validation/admin";
import { startTestApp, type TestApp } from "./helpers/app";
import { seedUsers, staffSession } from "./helpers/admin";

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await staffSession(app));
  await seedUsers(app, [
    {
      username: "plain",
      phoneNumber: "+14155550201",
      email: "plain@example.com",
      dateJoined: new Date("2024-01-01T00:00:00Z"),
    },
    {
      username: "=cmd",
      phoneNumber: "+14155550202",
      email: 'quote"comma,@example.com',
      isActive: false,
      dateJoined: new Date("2024-01-02T00:00:00Z"),
    },
    {
      username: "-minus",
      phoneNumber: "+14155550203",
      email: "@at@example.com",
      isStaff: true,
      dateJoined: new Date("2024-01-03T00:00:00Z"),
    },
    {
      username: "gone",
      phoneNumber: "+14155550204",
      email: "line\nbreak@example.com",
      dateJoined: new Date("2024-01-04T00:00:00Z"),
      deletedAt: new Date("2024-02-01T00:00:00Z"),
    },
  ]);
});
afterAll(() => app.close());

/** RFC 4180, enough for these tests: quoted cells with "" escapes and embedded line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

const exportCsv = async (query: Record<string, string> = {}) => {
  const response = await app.call("GET", `/api/admin/users/export?${new URLSearchParams(query)}`, { token });
  return { response, rows: parseCsv(await response.text()) };
};

describe("GET /api/admin/users/export", () => {
  it("streams CSV as an attachment: a header, then every match in the listing's order", async () => {
    const { response, rows } = await exportCsv({ joinedTo: "2024-12-31", sort: "dateJoined" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="users-\d{8}-\d{6}\.csv"$/);
    expect(rows[0]).toEqual([
      "id",
      "username",
      "phoneNumber",
      "email",
      "isActive",
      "isStaff",
      "mfaEnabled",
      "dateJoined",
      "deletedAt",
    ]);
    expect(rows.slice(1).map((r) => r[1])).toEqual(["plain", "'=cmd", "'-minus"]);
    expect(rows[1].slice(1)).toEqual([
      "plain",
      "'+14155550201",
      "plain@example.com",
      "true",
      "false",
      "false",
      "2024-01-01T00:00:00.000Z",
      "",
    ]);
  });

  it("escapes quotes, commas and line breaks, and neutralises formulas", async () => {
    const { rows } = await exportCsv({ deleted: "include", joinedTo: "2024-12-31", sort: "dateJoined" });
    expect(rows.slice(1).map((r) => r[3])).toEqual([
      "plain@example.com",
      'quote"comma,@example.com',
      "'@at@example.com",
      "line\nbreak@example.com",
    ]);
    expect(rows[4][8]).toBe("2024-02-01T00:00:00.000Z");
  });

  it("applies the same filters as the listing", async () => {
    expect((await exportCsv({ isActive: "false" })).rows.slice(1).map((r) => r[1])).toEqual(["'=cmd"]);
    expect((await exportCsv({ isStaff: "true", joinedTo: "2024-12-31" })).rows.slice(1).map((r) => r[1])).toEqual([
      "'-minus",
    ]);
    expect((await exportCsv({ deleted: "only" })).rows.slice(1).map((r) => r[1])).toEqual(["gone"]);
    expect((await exportCsv({ q: "PLAIN" })).rows.slice(1).map((r) => r[1])).toEqual(["plain"]);
    expect((await exportCsv({ q: "nobody" })).rows).toHaveLength(1);
  });

  it("answers 400 for a bad filter", async () => {
    const response = await app.call("GET", "/api/admin/users/export?joinedFrom=notadate", { token });
    expect(response.status).toBe(400);
  });
});

describe("exportUsers batches", () => {
  it("gives the same rows in the same order in keyset batches as in one, for every sort", async () => {
    await app.db.$executeRaw`
      INSERT INTO "User" ("id", "username", "phoneNumber", "passwordHash", "updatedAt", "dateJoined")
      SELECT 'batch' || i, CASE WHEN i % 2 = 0 THEN 'Batch_' ELSE 'batch_' END || lpad(i::text, 3, '0'), '+1888' || lpad(i::text, 7, '0'), 'x', now(),
             timestamp '2023-01-01' + (i / 3) * interval '1 day'
      FROM generate_series(1, 50) AS i`;
    for (const sort of ["dateJoined", "-dateJoined", "username", "-username"]) {
      const filter = userFilterSchema.parse({ q: "batch_", sort });
      const all = async (size: number) => {
        let text = "";
        for await (const chunk of exportUsers(filter, size)) text += chunk;
        return parseCsv(text).map((r) => r[0]);
      };
      const whole = await all(1000);
      expect(whole).toHaveLength(51);
      expect(new Set(whole).size).toBe(51);
      for (const size of [1, 7, 50]) expect(await all(size), `${sort} by ${size}`).toEqual(whole);
    }
  });
});

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    [null, ""],
    [true, "true"],
  ])("%j → %s", (input, output) => {
    expect(csvCell(input)).toBe(output);
  });
});

describe("csvCellSql (PostgreSQL writes the export's lines)", () => {
  it("agrees with csvCell on arbitrary text, NULL included", async () => {
    const tricky = fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "'", "a", "é", " ");
    const text = fc.oneof(fc.string({ unit: tricky, maxLength: 8 }), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(fc.option(text, { nil: null }), async (value) => {
        const [{ cell }] = await app.db.$queryRaw<[{ cell: string }]>(
          Prisma.sql`SELECT ${csvCellSql(Prisma.sql`${value}::text`)} AS cell`,
        );
        expect(cell).toBe(csvCell(value));
      }),
      { numRuns: 300 },
    );
  });
});
