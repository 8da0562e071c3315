import { exportUsersStream } from "@/lib/admin/export";
import type { UserFilter } from "@/lib/validation/admin";

/** The CSV download of a staff export, streamed as it is read (API and console alike). */
export function userExportResponse(filter: UserFilter): Response {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return new Response(exportUsersStream(filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="users-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
