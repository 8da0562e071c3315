import { exportAccountData } from "@/lib/accounts/account-data";
import type { SessionUser } from "@/lib/accounts/token-user";
import { jsonResponse } from "@/lib/http/json-response";

/** "Download my data" as both doors answer it: the JSON of everything held, as an attachment, never cached. */
export async function accountExportResponse(user: SessionUser): Promise<Response> {
  return jsonResponse(await exportAccountData(user), {
    headers: {
      "content-disposition": `attachment; filename="account-${user.username}.json"`,
      "cache-control": "no-store",
    },
  });
}
