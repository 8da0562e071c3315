import { authenticate } from "@/lib/accounts/authenticate";
import { tokenResponse } from "@/lib/accounts/token-response";
import { otherMethods, withApi } from "@/lib/http/route";
import { loginSchema } from "@/lib/validation/auth";

export const POST = withApi({ rateLimit: "login", body: loginSchema }, async ({ body, ip }) =>
  Response.json(await tokenResponse(await authenticate(body, ip))),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
