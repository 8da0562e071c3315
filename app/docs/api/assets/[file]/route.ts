import { isSwaggerUiAsset, readSwaggerUiAsset } from "@/lib/docs/swagger-ui-assets";

/** Swagger UI's script and stylesheet. Their URLs carry the package version, so they never change. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  if (!isSwaggerUiAsset(file)) return new Response("Not found", { status: 404 });
  const { body, contentType } = await readSwaggerUiAsset(file);
  return new Response(new Uint8Array(body), {
    headers: { "content-type": contentType, "cache-control": "public, max-age=31536000, immutable" },
  });
}
