// The waiters are driven with queries as a browser's return brings them; the listener is a real
// node:http server on 127.0.0.1 that fetch reaches over a socket.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { within } from "@mcpgw/tooling/testing";
import { afterEach, describe, expect, it } from "vitest";
import { rejection } from "../../testing/rejection.js";
import type { CallbackListener } from "./callback-waiters.js";
import { CallbackWaiters, listenForCallbacks } from "./callback-waiters.js";

const query = (fields: Record<string, string>) => new URLSearchParams(fields);

/** Whether `promise` is still pending once everything already due has run. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol("pending");
  return (await Promise.race([promise.then(() => undefined, () => undefined), new Promise((resolve) => setImmediate(() => resolve(marker)))])) === marker;
}

describe("CallbackWaiters", () => {
  it("settles only the waiter of the query's state, with its code", async () => {
    const waiters = new CallbackWaiters();
    const first = waiters.wait("state-1");
    const second = waiters.wait("state-2");
    expect(waiters.settle(query({ code: "code-2", state: "state-2" }))).toMatchObject({ status: 200, title: "Authorization complete" });
    expect(await second).toBe("code-2");
    expect(await pending(first)).toBe(true);
    expect(waiters.size).toBe(1);
  });

  it("answers a query of no flow with a 400 page and settles nothing", async () => {
    const waiters = new CallbackWaiters();
    const code = waiters.wait("state-1");
    for (const stray of [query({ code: "c", state: "state-9" }), query({ code: "c" }), query({ state: "state-1" })]) {
      expect(waiters.settle(stray).status).toBe(400);
    }
    expect(await pending(code)).toBe(true);
    expect(waiters.size).toBe(1);
    // The waiter still takes its own callback afterwards.
    waiters.settle(query({ code: "code-1", state: "state-1" }));
    expect(await code).toBe("code-1");
  });

  it("rejects with REFUSED naming the server's error, and shows it on the page", async () => {
    const waiters = new CallbackWaiters();
    const code = waiters.wait("state-1");
    const page = waiters.settle(query({ state: "state-1", error: "access_denied", error_description: "the user said no" }));
    expect(page).toMatchObject({ status: 400, title: "Authorization failed" });
    expect(page.text).toContain("access_denied (the user said no)");
    const error = await rejection(code);
    expect(error.code).toBe("REFUSED");
    expect(error.message).toContain("access_denied (the user said no)");
    expect(error.data).toEqual({ oauthError: "access_denied" });
    expect(waiters.size).toBe(0);
  });

  it("rejects a cancelled waiter with the error given, and ignores its callback afterwards", async () => {
    const waiters = new CallbackWaiters();
    const code = waiters.wait("state-1");
    const cancelled = new Error("stopped");
    waiters.cancel("state-1", cancelled);
    await expect(code).rejects.toBe(cancelled);
    expect(waiters.settle(query({ code: "late", state: "state-1" })).status).toBe(400);
    waiters.cancel("state-unknown", cancelled);
    expect(waiters.size).toBe(0);
  });
});

describe("listenForCallbacks", () => {
  const opened: CallbackListener[] = [];
  afterEach(async () => {
    for (const listener of opened.splice(0)) await listener.close();
  });
  const listen = async (waiters: CallbackWaiters, port = 0) => {
    const listener = await listenForCallbacks(port, waiters);
    opened.push(listener);
    return listener;
  };

  it("hands a GET at its path to the waiters and shows the page as HTML", async () => {
    const waiters = new CallbackWaiters();
    const code = waiters.wait("state-1");
    const listener = await listen(waiters);
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const answer = await fetch(`${listener.redirectUri}?code=code-1&state=state-1`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.text()).toContain("<h1>Authorization complete</h1>");
    expect(await code).toBe("code-1");
  });

  it("escapes what the authorization server said on the page", async () => {
    const waiters = new CallbackWaiters();
    const code = waiters.wait("state-1");
    const listener = await listen(waiters);
    const said = new URLSearchParams({ state: "state-1", error: "invalid_scope", error_description: `<script>alert("x")</script>` });
    const html = await (await fetch(`${listener.redirectUri}?${said}`)).text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    expect((await rejection(code)).code).toBe("REFUSED");
  });

  it("answers 404 at other paths and to other methods, settling nothing", async () => {
    const waiters = new CallbackWaiters();
    const code = waiters.wait("state-1");
    const listener = await listen(waiters);
    const origin = new URL(listener.redirectUri).origin;
    expect((await fetch(`${origin}/elsewhere?code=c&state=state-1`)).status).toBe(404);
    expect((await fetch(`${listener.redirectUri}?code=c&state=state-1`, { method: "POST" })).status).toBe(404);
    expect(await pending(code)).toBe(true);
  });

  it("fails with IO naming the port when it is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const error = await rejection(listenForCallbacks(port, new CallbackWaiters()));
      expect(error.code).toBe("IO");
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.message).toContain("EADDRINUSE");
      expect(error.suggestion).toContain("MCPGW_OAUTH_PORT");
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("stops listening when closed", async () => {
    const listener = await listenForCallbacks(0, new CallbackWaiters());
    await within(Promise.all([listener.close(), listener.close()]), "the listener to close");
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });
});
