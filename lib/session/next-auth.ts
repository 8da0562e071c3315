import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { readLoginTicket } from "@/lib/accounts/access-token";
import { userForClaims } from "@/lib/accounts/token-user";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";

/**
 * Browser sessions: next-auth v5 with JWT cookies. Passwords are never given to next-auth: the
 * sign-in action runs the domain's `authenticate` (rate limit, lockout, one hash), starts a
 * session in the registry and hands next-auth a 60-second login ticket naming it. The cookie
 * carries that session's id, and `getSessionUser` checks the session on every request, so ending
 * it (sign-out, "end session", a reset, deactivation or deletion) ends the cookie, copies included.
 */

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

export const { auth, signIn, signOut } = NextAuth(async () => {
  const { authSecret, jwtTtlSeconds } = config();
  return {
    adapter: PrismaAdapter(await getDb()),
    secret: authSecret,
    // Cookies are Secure whenever the request came over https (directly or per X-Forwarded-Proto).
    trustHost: true,
    session: { strategy: "jwt", maxAge: jwtTtlSeconds },
    pages: { signIn: "/sign-in" },
    providers: [
      Credentials({
        credentials: { ticket: {} },
        async authorize(credentials) {
          const claims = typeof credentials.ticket === "string" ? await readLoginTicket(credentials.ticket) : undefined;
          const user = claims && (await userForClaims(claims));
          return user ? { id: user.id, name: user.username, sessionId: user.sessionId } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sid = user.sessionId;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionId = typeof token.sid === "string" ? token.sid : undefined;
        return session;
      },
    },
  };
});
