import { NextResponse, type NextRequest } from "next/server";

/**
 * Two quick checks before Next renders a page or runs a server action:
 * - a form post whose body is not the form data its Content-Type says gets a 400. Next would
 *   try to read it as a server action's form and answer 500 when it cannot.
 * - a visitor to /account or /admin with no session cookie at all is sent to sign in. This proves
 *   nothing: every page, action and handler checks the session itself (requireUser / requireStaff).
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const SIGNED_IN_AREAS = /^\/(?:account|admin)(?:\/|$)/;

export async function proxy(request: NextRequest) {
  if (isMultipartPost(request) && !(await isFormData(request))) {
    return new NextResponse("The request's body is not valid multipart/form-data.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  if (!SIGNED_IN_AREAS.test(request.nextUrl.pathname) || hasSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

const isMultipartPost = (request: NextRequest) =>
  request.method === "POST" && /^multipart\/form-data/.test(request.headers.get("content-type") ?? "");

async function isFormData(request: NextRequest): Promise<boolean> {
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

const hasSessionCookie = (request: NextRequest) =>
  SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.has(`${name}.0`));

export const config = {
  matcher: [
    "/account/:path*",
    "/admin/:path*",
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
