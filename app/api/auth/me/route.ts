import { userForBearer } from "@/lib/accounts/token-user";
import { otherMethods, withApi } from "@/lib/http/route";
import { toUserJson } from "@/lib/validation/user";

export const GET = withApi({}, async ({ request }) => {
  const user = await userForBearer(request.headers.get("authorization"));
  return Response.json({ user: toUserJson(user) }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
