import { openApiDocument } from "@/lib/openapi/document";
import { otherMethods, withApi } from "@/lib/http/route";

export const GET = withApi({}, async () => Response.json(openApiDocument()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
