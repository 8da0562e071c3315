import { otherMethods } from "@/lib/http/route";
import { userExportResponse } from "@/lib/http/user-export-response";
import { withStaff } from "@/lib/http/with-staff";
import { userFilterSchema } from "@/lib/validation/admin";

// A static segment: Next matches it before /api/admin/users/[id] (tests/admin-export.test.ts checks).
export const GET = withStaff({ query: userFilterSchema }, async ({ query }) => userExportResponse(query));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
