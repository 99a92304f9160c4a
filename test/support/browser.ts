// "The user's browser" for OAuth tests: fetch with a cookie jar and redirects followed by hand.
// It opens an authorization URL, fills and submits the authorization server's real login and
// consent forms, and follows the last redirect to the loopback callback, which it requests.
import { TEST_USER } from "./authorization-server.js";

export interface BrowserOptions {
  /** The login typed into the login form (default the authorization server's test user). */
  login?: string;
  password?: string;
  /** Bounds redirects plus form submissions, so a loop fails instead of hanging (default 20). */
  maxSteps?: number;
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

interface Form {
  action: string;
  fields: Record<string, string>;
}

/** A browser with one cookie jar: a second authorization finds the user still signed in. */
export class TestBrowser {
  readonly #cookies = new Map<string, Cookie>();
  readonly #options: Required<BrowserOptions>;

  constructor(options: BrowserOptions = {}) {
    this.#options = { login: TEST_USER, password: "any password", maxSteps: 20, ...options };
  }

  /**
   * Opens `authorizationUrl`, signs in and consents, and requests the redirect that reaches
   * `redirectUri` (the loopback callback). Returns that callback URL, with `code` and `state`.
   */
  async authorize(authorizationUrl: string | URL, redirectUri: string): Promise<URL> {
    let request: { url: URL; form?: Record<string, string> } = { url: new URL(authorizationUrl) };
    for (let step = 0; step < this.#options.maxSteps; step++) {
      if (request.url.href.startsWith(redirectUri)) {
        const callback = await this.#fetch(request.url);
        await callback.body?.cancel();
        return request.url;
      }
      const response = await this.#fetch(request.url, request.form);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        request = { url: new URL(location, request.url) };
        continue;
      }
      const page = await response.text();
      const form = response.ok ? formOf(page) : undefined;
      if (!form) throw new Error(`the browser stopped at ${request.url.origin}${request.url.pathname}: HTTP ${response.status} ${page.slice(0, 300)}`);
      request = { url: new URL(form.action, request.url), form: this.#fill(form.fields) };
    }
    throw new Error(`the browser did not reach ${redirectUri} within ${this.#options.maxSteps} steps`);
  }

  /** A GET, or a form POST when `form` is given; cookies sent and kept, redirects not followed. */
  async #fetch(url: URL, form?: Record<string, string>): Promise<Response> {
    const cookie = [...this.#cookies.values()]
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const response = await fetch(url, form ? { method: "POST", redirect: "manual", headers, body: new URLSearchParams(form) } : { redirect: "manual", headers });
    for (const line of response.headers.getSetCookie()) this.#keep(line);
    return response;
  }

  #keep(setCookie: string): void {
    const [pair = "", ...attributes] = setCookie.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute("path") ?? "/";
    const expires = attribute("expires");
    const gone = attribute("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
    if (gone) this.#cookies.delete(`${path} ${name}`);
    else this.#cookies.set(`${path} ${name}`, { name, value: pair.slice(eq + 1), path });
  }

  /** The login form's empty fields get the user's login and password; hidden fields stay. */
  #fill(fields: Record<string, string>): Record<string, string> {
    const filled = { ...fields };
    if ("login" in filled && !filled.login) filled.login = this.#options.login;
    if ("password" in filled && !filled.password) filled.password = this.#options.password;
    return filled;
  }
}

const decode = (text: string): string =>
  text.replace(/&(amp|quot|#39|#x27|#x2F|lt|gt);/g, (_, entity: string) => ({ amp: "&", quot: '"', "#39": "'", "#x27": "'", "#x2F": "/", lt: "<", gt: ">" })[entity] ?? "");

const attributeOf = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] === undefined ? undefined : decode(match[1]);
};

/** The page's first POST form: its action and its named inputs with their values. */
function formOf(html: string): Form | undefined {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const open = form[0].slice(0, form[0].indexOf(">") + 1);
  if ((attributeOf(open, "method") ?? "get").toLowerCase() !== "post") return undefined;
  const fields: Record<string, string> = {};
  for (const [input] of (form[1] ?? "").matchAll(/<input\b[^>]*>/gi)) {
    const name = attributeOf(input, "name");
    if (name) fields[name] = attributeOf(input, "value") ?? "";
  }
  return { action: attributeOf(open, "action") ?? "", fields };
}
