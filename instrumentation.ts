/**
 * Runs once when the server starts, before it serves a request. The work lives in
 * lib/startup.ts, imported only under Node (Next also compiles this file for the edge).
 */
export async function register(): Promise<void> {
  // `next build` loads this too; the build needs no runtime secrets or database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}
