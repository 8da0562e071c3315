/**
 * Database objects Prisma's schema language cannot express, so they are written as SQL in a
 * migration and Prisma must not touch them. When `npm run db:diff` compares the migrations with
 * schema.prisma, Prisma sees these indexes in the database but not in the schema and proposes
 * `DROP INDEX` for each; the diff script removes exactly those drops (see filterHandManagedDrops).
 *
 * Changing one of them: write the DROP/CREATE by hand in a new migration and update this list.
 */

/** Extensions the first migration creates; pg_trgm backs the trigram GIN search indexes. */
export const HAND_MANAGED_PREAMBLE =
  "-- Trigram search (GIN gin_trgm_ops indexes below)\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n";

export const HAND_MANAGED_INDEXES = [
  {
    name: "User_username_lower_key",
    why: "usernames keep the case typed but are unique case-insensitively",
    sql: `CREATE UNIQUE INDEX "User_username_lower_key" ON "User" (lower("username"));`,
  },
  {
    name: "User_email_lower_key",
    why: "e-mails are unique case-insensitively, and only when present",
    sql: `CREATE UNIQUE INDEX "User_email_lower_key" ON "User" (lower("email")) WHERE "email" IS NOT NULL;`,
  },
] as const;

/** The SQL appended to the first migration (db:diff from an empty history). */
export function handManagedIndexesSql(): string {
  return HAND_MANAGED_INDEXES.map((index) => `-- Hand-managed: ${index.why}\n${index.sql}\n`).join("\n");
}

/**
 * Removes `DROP INDEX "<hand-managed>";` statements (and the `-- DropIndex` comment Prisma puts
 * before each) from a diff script. Everything else is kept verbatim.
 */
export function filterHandManagedDrops(
  script: string,
  handManaged: readonly string[] = HAND_MANAGED_INDEXES.map((index) => index.name),
): { script: string; removed: string[] } {
  const names = new Set(handManaged);
  const removed: string[] = [];
  // Prisma separates steps by a blank line: "-- StepKind\nSTATEMENT;".
  const steps = script.split(/\n\s*\n/).filter((step) => {
    const match = /^\s*(?:--[^\n]*\n\s*)*DROP INDEX (?:"public"\.)?"([^"]+)";\s*$/.exec(step);
    if (match && names.has(match[1])) {
      removed.push(match[1]);
      return false;
    }
    return true;
  });
  return { script: steps.join("\n\n"), removed };
}

/** True when a script holds no statement, only comments and blank lines. */
export function isEmptyScript(script: string): boolean {
  return script
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}
