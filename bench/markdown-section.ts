import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes `section` (which starts with `start` and ends with `end`) into `file`, replacing what
 * stood between those markers, or appended when they are not there yet. Each bench owns one
 * section of docs/BENCHMARKS.md, so one bench's run never touches another's figures.
 */
export function writeMarkdownSection(file: string, start: string, end: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const at = current.indexOf(start);
  const next =
    at >= 0
      ? current.slice(0, at) + section + current.slice(current.indexOf(end) + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, next);
}
