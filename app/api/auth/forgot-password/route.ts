import { forgotPasswordDetail, requestPasswordReset } from "@/lib/accounts/password-reset-request";
import { otherMethods, withApi } from "@/lib/http/route";
import { forgotPasswordSchema } from "@/lib/validation/auth";

// 202: the code's e-mail is queued, not sent; the answer is the same for every well-formed e-mail.
export const POST = withApi({ rateLimit: "forgot-password", body: forgotPasswordSchema }, async ({ body }) => {
  await requestPasswordReset(body);
  return Response.json({ detail: forgotPasswordDetail() }, { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
