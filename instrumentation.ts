/**
 * Runs once when Next's server starts, before it serves a request (under server.ts too, which
 * has already started up by then: a second start-up changes nothing). The work lives in
 * lib/startup.ts, imported only under Node (Next also compiles this file for the edge).
 */
export async function register(): Promise<void> {
  // `next build` loads this too; the build needs no runtime secrets or database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}
