/**
 * Imported first by run.ts. The app modules the bench loads (migrations, the bridge) log at
 * "info" by default; the bench's own output is what matters here. The server it starts logs to
 * its own file at the app's default level.
 */
process.env.LOG_LEVEL ??= "warn";
