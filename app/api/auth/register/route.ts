import { z } from "zod";
import { registerUser } from "@/lib/accounts/register";
import { tokenResponse } from "@/lib/accounts/token-response";
import { otherMethods, withApi } from "@/lib/http/route";

// The domain validates the fields itself: it must report taken values beside invalid ones.
export const POST = withApi({ rateLimit: "register", body: z.looseObject({}) }, async ({ body }) =>
  Response.json(await tokenResponse(await registerUser(body)), { status: 201 }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
