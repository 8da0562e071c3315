import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";

/**
 * A lock file for the embedded database's directory. PGlite does not lock its data directory,
 * and two processes writing one directory corrupt it, so we hold a file of our own: its first
 * line is the holder's pid. A lock whose process is gone (crash, kill -9) is stale and taken over.
 */

export class DatabaseInUseError extends Error {
  constructor(
    readonly pid: number,
    readonly holder: string,
  ) {
    super(
      `The embedded database is in use by process ${pid} (${holder}); stop it or set DATABASE_URL ` +
        `to use a PostgreSQL server.`,
    );
    this.name = "DatabaseInUseError";
  }
}

export type FileLock = { file: string; release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): { pid: number; holder: string } | undefined {
  try {
    const [first = "", ...rest] = readFileSync(file, "utf8").split("\n");
    const pid = Number.parseInt(first, 10);
    return Number.isInteger(pid) && pid > 0 ? { pid, holder: rest.join(" ").trim() || "unknown" } : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function describeSelf(): string {
  const command = process.argv.slice(1).join(" ").slice(0, 200);
  return `${command || "node"}, since ${new Date().toISOString()}`;
}

/** Takes the lock or throws DatabaseInUseError naming the live holder (this process included). */
export function acquireFileLock(file: string): FileLock {
  const content = `${process.pid}\n${describeSelf()}\n`;
  // Written aside, then hard-linked into place: link() is an atomic create-if-absent, and the lock
  // never exists half-written (a reader would take an empty file for a stale lock).
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, content);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        createFrom(draft, file, content);
        return { file, release: () => releaseFileLock(file, content) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      takeOverIfStale(file);
    }
  } finally {
    unlinkSync(draft);
  }
  throw new Error(`Could not take the lock ${file}.`);
}

/** link() where the file system has hard links; else an exclusive create (briefly empty). */
function createFrom(draft: string, file: string, content: string): void {
  try {
    linkSync(draft, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw error;
    writeFileSync(file, content, { flag: "wx" });
  }
}

function takeOverIfStale(file: string): void {
  const holder = readHolder(file);
  if (holder && isAlive(holder.pid)) throw new DatabaseInUseError(holder.pid, holder.holder);
  // Stale (dead pid or unreadable): remove and retry. Two starters racing over one stale lock
  // is a narrow window we accept for a development database; the create itself stays atomic.
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Removes the file only if it is still ours (synchronous: it also runs from process 'exit'). */
function releaseFileLock(file: string, content: string): void {
  try {
    if (readFileSync(file, "utf8") === content) unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}
