import { issueAccessToken } from "@/lib/accounts/access-token";
import type { TokenUser } from "@/lib/accounts/token-user";
import { toUserJson } from "@/lib/validation/user";

/** The body of a successful register or login: the user and a fresh access token. */
export async function tokenResponse(user: TokenUser) {
  const { accessToken, expiresIn } = await issueAccessToken({ userId: user.id, tokenVersion: user.tokenVersion });
  return { user: toUserJson(user), accessToken, tokenType: "Bearer" as const, expiresIn };
}
