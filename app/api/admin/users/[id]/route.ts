import { z } from "zod";
import { softDeleteUser } from "@/lib/admin/lifecycle";
import { getUser } from "@/lib/admin/search";
import { updateUser } from "@/lib/admin/update-user";
import { otherMethods } from "@/lib/http/route";
import { withStaff } from "@/lib/http/with-staff";
import { toUserJson } from "@/lib/validation/user";

type Params = { id: string };

export const GET = withStaff<undefined, undefined, Params>({}, async ({ params }) =>
  Response.json({ user: toUserJson(await getUser(params.id)) }),
);

// The domain validates the fields itself (strictly: unknown fields are a 400).
export const PATCH = withStaff<Record<string, unknown>, undefined, Params>(
  { body: z.looseObject({}) },
  async ({ params, body, staff }) => Response.json({ user: toUserJson(await updateUser(staff, params.id, body)) }),
);

export const DELETE = withStaff<undefined, undefined, Params>({}, async ({ params, staff }) => {
  await softDeleteUser(staff, params.id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = otherMethods("GET", "PATCH", "DELETE");
