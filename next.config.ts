import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/WASM database and hashing packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "pino",
    "ioredis",
    "ioredis-mock",
  ],
  poweredByHeader: false,
};

export default nextConfig;
