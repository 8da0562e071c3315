/**
 * Runs once when the server starts, before it serves a request. The work lives in
 * lib/startup.ts, imported only under Node (Next also compiles this file for the edge).
 */
export async function register(): Promise<void> {
  // `next build` loads this too; the build needs no runtime secrets or database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/startup");
  // Production serves /api without Next's pipeline (lib/http/direct-api.ts). Not in dev: this
  // file is compiled once, so edits to a route would not reach that copy of it.
  const production = process.env.NODE_ENV === "production";
  await startServer(production ? (await import("./app/api/routes")).apiRoutes : []);
}
