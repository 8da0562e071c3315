import net from "node:net";
import { expect, test } from "./fixtures";

/** What the server itself (server.ts, proxy.ts) does before any page or route answers. */

test("a form post whose body is not the multipart/form-data it claims is a 400 on every page, not a 500", async ({
  request,
}) => {
  for (const path of ["/sign-in", "/account", "/no-such-page"]) {
    const response = await request.post(path, {
      headers: { "content-type": "multipart/form-data; boundary=x" },
      data: "{}",
      maxRedirects: 0,
    });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toBe("The request's body is not valid multipart/form-data.");
  }
  // A well-formed form that is no server action is Next's own 400.
  const form = '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n';
  const wellFormed = await request.post("/sign-in", {
    headers: { "content-type": "multipart/form-data; boundary=x" },
    data: form,
  });
  expect(wellFormed.status()).toBe(400);
  expect(await wellFormed.text()).not.toContain("multipart/form-data");
});

test("an idle keep-alive connection is kept for longer than a client waits between requests", async ({ baseURL }) => {
  const { hostname, port } = new URL(baseURL!);
  const socket = net.connect(Number(port), hostname);
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString("latin1")));
  const responses = () => received.split("HTTP/1.1 ").slice(1);
  const ask = () => socket.write(`GET /api/health HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
  try {
    ask();
    await expect.poll(() => responses().length).toBe(1);
    expect(responses()[0]).toMatch(/^200 /);
    expect(responses()[0]).toMatch(/\r\nkeep-alive: timeout=65\r\n/i);
    // Longer than Node's default of 5 s, after which the server would have closed it.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(socket.readyState).toBe("open");
    ask();
    await expect.poll(() => responses().length).toBe(2);
    expect(responses()[1]).toMatch(/^200 /);
  } finally {
    socket.destroy();
  }
});
