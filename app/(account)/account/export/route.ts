import { accountExportResponse } from "@/lib/http/account-export-response";
import { getSessionUser } from "@/lib/session/current-user";

/**
 * "Download my data": the same file as GET /api/account/export, authorised by the browser
 * session instead of a bearer token (a link cannot send one).
 */
export async function GET(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", "/account");
    return Response.redirect(signIn, 303);
  }
  return accountExportResponse(user);
}
