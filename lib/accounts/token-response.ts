import { issueAccessToken } from "@/lib/accounts/access-token";
import type { TokenUser } from "@/lib/accounts/token-user";
import type { ClientInfo } from "@/lib/events/types";
import { startSession, type SignInMethod } from "@/lib/sessions/sessions";
import { toUserJson } from "@/lib/validation/user";

/** The body of a successful register or login: the user and an access token for a new API session. */
export async function tokenResponse(user: TokenUser, client: ClientInfo, method?: SignInMethod) {
  const sessionId = await startSession(user, "api", client, method);
  const { accessToken, expiresIn } = await issueAccessToken({ userId: user.id, sessionId });
  return { user: toUserJson(user), accessToken, tokenType: "Bearer" as const, expiresIn };
}
