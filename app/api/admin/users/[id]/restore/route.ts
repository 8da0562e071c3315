import { restoreUser } from "@/lib/admin/lifecycle";
import { otherMethods } from "@/lib/http/route";
import { withStaff } from "@/lib/http/with-staff";
import { toUserJson } from "@/lib/validation/user";

export const POST = withStaff<undefined, undefined, { id: string }>({}, async ({ params, staff }) =>
  Response.json({ user: toUserJson(await restoreUser(staff, params.id)) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
