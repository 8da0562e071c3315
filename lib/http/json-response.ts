/**
 * A JSON response with its Content-Length, so that compression can tell a small answer (left as
 * it is) from a large one without reading it.
 */
export function jsonResponse(data: unknown, init: ResponseInit = {}, contentType = "application/json"): Response {
  const text = JSON.stringify(data);
  const headers = new Headers(init.headers);
  headers.set("content-type", contentType);
  headers.set("content-length", String(Buffer.byteLength(text)));
  return new Response(text, { ...init, headers });
}
