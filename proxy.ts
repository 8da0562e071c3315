import { NextResponse, type NextRequest } from "next/server";

/**
 * A quick redirect for visitors with no session cookie at all. It proves nothing: every page,
 * action and handler checks the session itself (requireUser / requireStaff).
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.has(`${name}.0`));
  if (hasSession) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/account/:path*", "/admin/:path*"] };
