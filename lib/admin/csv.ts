import { Prisma } from "@/lib/generated/prisma/client";

/**
 * CSV cells and lines (RFC 4180, CRLF). Cells a spreadsheet would run as a formula
 * (= + - @, and tab or CR, per OWASP "CSV injection") get a leading apostrophe, so a username
 * like "=HYPERLINK(…)" stays text. Phone numbers in E.164 begin with "+", so they are written
 * as '+14155552671: safe, and still the number once the apostrophe is stripped.
 *
 * Two implementations of the one rule: csvCell in TypeScript (the header; reference), and
 * csvCellSql, which lets PostgreSQL write the export's lines (turning a million rows into
 * objects and back into text costs several times more). tests/admin-export.test.ts checks that
 * they agree on arbitrary text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<Parameters<typeof csvCell>[0]>): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

// E'' strings: \t \r \n are the control characters themselves. strpos and left rather than
// regular expressions: this runs for four cells of every exported row, and PostgreSQL's regex
// matching made most of an export's time.
const quoted = (text: Prisma.Sql) =>
  Prisma.sql`CASE WHEN strpos(${text}, '"') > 0 OR strpos(${text}, ',') > 0 OR strpos(${text}, E'\\r') > 0 OR strpos(${text}, E'\\n') > 0
    THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;

/** csvCell of a text expression, in SQL. */
export function csvCellSql(text: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${text} IS NULL THEN ''
    WHEN left(${text}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN ${quoted(Prisma.sql`'''' || ${text}`)}
    ELSE ${quoted(text)} END`;
}

/** A timestamp(3) holding UTC as Date.toISOString() writes it (2024-05-31T12:00:00.000Z). */
export function isoSql(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
