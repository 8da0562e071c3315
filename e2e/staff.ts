/**
 * The staff user of the staff-console specs. There is no API to make one (only staff can promote),
 * so e2e/web-server.mjs creates it the way an operator does, `npm run create-staff`, on the fresh
 * e2e database before the server opens it (playwright.config.ts passes these as E2E_STAFF_*).
 */
export const STAFF = {
  username: "e2e_staff",
  phone: "+12025550147",
  password: "steady-lantern-e2e-47",
} as const;
