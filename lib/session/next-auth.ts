import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { readLoginTicket } from "@/lib/accounts/access-token";
import { userForClaims } from "@/lib/accounts/token-user";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { oauthProviders } from "@/lib/session/oauth-providers";
import { finishProviderSignIn } from "@/lib/session/provider-callback";

/**
 * Browser sessions: next-auth v5 with JWT cookies. Passwords are never given to next-auth: the
 * sign-in action runs the domain's `authenticate` (rate limit, lockout, one hash), starts a
 * session in the registry and hands next-auth a 60-second login ticket naming it. The cookie
 * carries that session's id, and `getSessionUser` checks the session on every request, so ending
 * it (sign-out, "end session", a reset, deactivation or deletion) ends the cookie, copies included.
 *
 * Identity providers (GitHub, Google, OpenID Connect, as configured) go through next-auth's own
 * routes for the protocol (state, PKCE, the code exchange, the ID token); once the provider has
 * vouched for an identity, the signIn callback hands it to the app, which decides (link, sign-up,
 * second factor) and answers with where to go. next-auth never creates a user or a link itself.
 */

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

export const { auth, handlers, signIn, signOut } = NextAuth(async () => {
  const { authSecret, jwtTtlSeconds, providers } = config();
  return {
    adapter: PrismaAdapter(await getDb()),
    secret: authSecret,
    // Cookies are Secure whenever the request came over https (directly or per X-Forwarded-Proto).
    trustHost: true,
    session: { strategy: "jwt", maxAge: jwtTtlSeconds },
    // Its errors (a tampered or replayed callback, a provider's refusal) land on /sign-in too.
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      error: (error) => logger.warn({ err: error }, "next-auth refused a request"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { ticket: {} },
        async authorize(credentials) {
          const claims = typeof credentials.ticket === "string" ? await readLoginTicket(credentials.ticket) : undefined;
          const user = claims && (await userForClaims(claims));
          return user ? { id: user.id, name: user.username, sessionId: user.sessionId } : null;
        },
      }),
      ...oauthProviders(providers),
    ],
    callbacks: {
      signIn({ account, profile }) {
        if (!account || account.type === "credentials") return true;
        return finishProviderSignIn(account.provider, account.providerAccountId, profile);
      },
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
