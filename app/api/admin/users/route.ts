import { searchUsers } from "@/lib/admin/search";
import { otherMethods } from "@/lib/http/route";
import { withStaff } from "@/lib/http/with-staff";
import { userListQuerySchema } from "@/lib/validation/admin";
import { toUserJson } from "@/lib/validation/user";

export const GET = withStaff({ query: userListQuerySchema }, async ({ query }) => {
  const { items, ...page } = await searchUsers(query);
  return Response.json({ items: items.map(toUserJson), ...page });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
