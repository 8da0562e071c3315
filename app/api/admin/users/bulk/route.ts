import { z } from "zod";
import { applyBulkAction } from "@/lib/admin/bulk";
import { otherMethods } from "@/lib/http/route";
import { withStaff } from "@/lib/http/with-staff";

// The domain validates the body (1–1,000 ids, a known action).
export const POST = withStaff({ body: z.looseObject({}) }, async ({ body, staff }) =>
  Response.json(await applyBulkAction(staff, body)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
