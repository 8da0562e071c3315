import { z } from "zod";
import { PASSWORD_RESET_DONE, resetPassword } from "@/lib/accounts/password-reset";
import { otherMethods, withApi } from "@/lib/http/route";

// The domain validates the fields itself: the code is checked before the password rules.
export const POST = withApi({ rateLimit: "reset-password", body: z.looseObject({}) }, async ({ body, ip }) => {
  await resetPassword(body, ip);
  return Response.json({ detail: PASSWORD_RESET_DONE });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
