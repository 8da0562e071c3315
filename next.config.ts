import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native/WASM database and hashing packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  // `next dev` would print every server action's arguments: the passwords and reset codes typed
  // into the forms. Requests are still logged, without their bodies.
  logging: { serverFunctions: false },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV !== "production") }];
  },
  // forbidden() from next/navigation: staff pages answer non-staff users with a real 403.
  experimental: { authInterrupts: true },
  // Lets two builds of one checkout coexist (e.g. e2e runs in parallel): NEXT_DIST_DIR=.next-e2e.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
