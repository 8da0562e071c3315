import { getSessionUser } from "@/lib/session/current-user";
import { userExportResponse } from "@/lib/http/user-export-response";
import { userFilterSchema } from "@/lib/validation/admin";

/**
 * The console's "Export CSV" link: the same export as GET /api/admin/users/export, authorised
 * by the browser session instead of a bearer token (a link cannot send one).
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const user = await getSessionUser();
  if (!user) {
    const signIn = new URL("/sign-in", url);
    signIn.searchParams.set("next", url.pathname + url.search);
    return Response.redirect(signIn, 303);
  }
  if (!user.isStaff) return text(403, "Staff only.");
  const parsed = userFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return text(400, "The export link has an invalid filter.");
  return userExportResponse(parsed.data);
}

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
