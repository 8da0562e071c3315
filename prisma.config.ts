import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` would throw when the variable is unset, which is the normal case here
// (the embedded database needs no URL), so the value is read directly.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
