import type { ApiRoute } from "@/lib/http/direct-api";
import * as catchAll from "./[...path]/route";
import * as user from "./admin/users/[id]/route";
import * as restore from "./admin/users/[id]/restore/route";
import * as bulk from "./admin/users/bulk/route";
import * as exportCsv from "./admin/users/export/route";
import * as users from "./admin/users/route";
import * as forgotPassword from "./auth/forgot-password/route";
import * as login from "./auth/login/route";
import * as me from "./auth/me/route";
import * as register from "./auth/register/route";
import * as resetPassword from "./auth/reset-password/route";
import * as health from "./health/route";
import * as openApi from "./openapi.json/route";

/**
 * Every route handler module under app/api, by the path Next gives it: what the production
 * server serves without Next's pipeline (lib/http/direct-api.ts). A test keeps this list equal
 * to the route.ts files on disk.
 */
export const apiRoutes: ApiRoute[] = [
  { path: "/api/[...path]", module: catchAll },
  { path: "/api/admin/users/[id]", module: user },
  { path: "/api/admin/users/[id]/restore", module: restore },
  { path: "/api/admin/users/bulk", module: bulk },
  { path: "/api/admin/users/export", module: exportCsv },
  { path: "/api/admin/users", module: users },
  { path: "/api/auth/forgot-password", module: forgotPassword },
  { path: "/api/auth/login", module: login },
  { path: "/api/auth/me", module: me },
  { path: "/api/auth/register", module: register },
  { path: "/api/auth/reset-password", module: resetPassword },
  { path: "/api/health", module: health },
  { path: "/api/openapi.json", module: openApi },
];
