import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { readLoginTicket } from "@/lib/accounts/access-token";
import { userForClaims } from "@/lib/accounts/token-user";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";

/**
 * Browser sessions: next-auth v5 with JWT sessions. Passwords are never given to next-auth:
 * the sign-in action runs the domain's `authenticate` (rate limit, lockout, one hash) and hands
 * next-auth a 60-second login ticket. The session carries the user's token version, and
 * `getSessionUser` checks it on every request, so a reset, deactivation or deletion ends it.
 */

declare module "next-auth" {
  interface User {
    tokenVersion?: number;
  }
  interface Session {
    tokenVersion?: number;
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
          return user ? { id: user.id, name: user.username, tokenVersion: user.tokenVersion } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.ver = user.tokenVersion;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.tokenVersion = typeof token.ver === "number" ? token.ver : undefined;
        return session;
      },
    },
  };
});
