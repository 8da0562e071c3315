import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RateLimitedError, ValidationError } from "@/lib/errors";
import { clientIp, SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { buildApiApp } from "@/lib/api/app";
import { defineRoute } from "@/lib/api/define";
import { MAX_BODY_BYTES } from "@/lib/http/read-input";

/** An app of test routes, each handler as given: the same runner as every real route's. */
function appOf(handler: (ctx: { body: { name: string } }) => Promise<Response>) {
  return buildApiApp([
    defineRoute({
      method: "post",
      path: "/api/echo",
      summary: "echo",
      tags: [],
      access: "public",
      body: z.object({ name: z.string().min(2) }),
      responses: {},
      handler,
    }),
    defineRoute({
      method: "get",
      path: "/api/only-get",
      summary: "",
      tags: [],
      access: "public",
      responses: {},
      handler: async () => Response.json({}),
    }),
  ]);
}
const echo = appOf(async ({ body }) => Response.json(body));

function post(body: BodyInit | null, contentType = "application/json") {
  return echo.fetch(
    new Request("http://x/api/echo", { method: "POST", body, headers: { "content-type": contentType } }),
  );
}

function failing(error: Error) {
  return appOf(async () => {
    throw error;
  }).fetch(
    new Request("http://x/api/echo", {
      method: "POST",
      body: '{"name":"ada"}',
      headers: { "content-type": "application/json" },
    }),
  );
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

describe("the API app's route runner", () => {
  it("passes a valid body through and tags the response with a request id", async () => {
    const response = await post(JSON.stringify({ name: "ada" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "ada" });
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]+$/);
  });

  it("answers 415 for another content type", async () => {
    await expectProblem(await post("name=ada", "application/x-www-form-urlencoded"), 415);
  });

  it.each([["{not json"], ["[1,2]"], ["null"], [""]])("answers 400 for the malformed body %j", async (body) => {
    await expectProblem(await post(body), 400);
  });

  it("answers 400 with the field's errors for an invalid field", async () => {
    const body = await expectProblem(await post(JSON.stringify({ name: 1 })), 400);
    expect(Object.keys(body.errors)).toEqual(["name"]);
  });

  it("answers 413 for a body over the limit", async () => {
    await expectProblem(await post(JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) })), 413);
  });

  it("maps domain errors, with Retry-After on 429", async () => {
    const response = await failing(new RateLimitedError(12.2));
    await expectProblem(response, 429);
    expect(response.headers.get("retry-after")).toBe("13");
    expect((await expectProblem(await failing(new ValidationError({ username: ["taken"] })), 400)).errors).toEqual({
      username: ["taken"],
    });
  });

  it("hides an unexpected error behind an opaque 500", async () => {
    const body = await expectProblem(await failing(new Error("SELECT secret FROM users")), 500);
    expect(JSON.stringify(body)).not.toContain("SELECT");
  });

  it("answers 405 problem+json for other methods", async () => {
    const response = await echo.fetch(new Request("http://x/api/only-get", { method: "POST" }));
    await expectProblem(response, 405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

describe("clientIp", () => {
  const headers = new Headers({
    [SOCKET_IP_HEADER]: "::ffff:10.0.0.9",
    "x-forwarded-for": "203.0.113.7, 10.0.0.1",
    "x-real-ip": "198.51.100.2",
  });

  it("ignores proxy headers unless trusted", () => {
    expect(clientIp(headers, false)).toBe("10.0.0.9");
  });

  it("takes the first X-Forwarded-For address, else X-Real-IP, when trusted", () => {
    expect(clientIp(headers, true)).toBe("203.0.113.7");
    const noForward = new Headers(headers);
    noForward.delete("x-forwarded-for");
    expect(clientIp(noForward, true)).toBe("198.51.100.2");
  });
});
