/**
 * Who listens to which resource, per upstream: the only place that state lives. An upstream is
 * subscribed to a URI once, when its first session subscribes, and unsubscribed when its last
 * one leaves; `notifications/resources/updated` goes to every session that listens.
 *
 * It only keeps the books: callers send `resources/subscribe` and `resources/unsubscribe`
 * upstream when it says so. `U` is the upstream (the router's `Upstream`).
 */
export class Subscriptions<U extends object> {
  readonly #byUpstream = new Map<U, Map<string, Set<string>>>();

  /** Whether any session listens to `uri` on `upstream`, i.e. the upstream is subscribed to it. */
  watched(upstream: U, uri: string): boolean {
    return (this.#byUpstream.get(upstream)?.get(uri)?.size ?? 0) > 0;
  }

  /** `session` listens to `uri` on `upstream` from now on. */
  add(upstream: U, uri: string, session: string): void {
    let uris = this.#byUpstream.get(upstream);
    if (!uris) this.#byUpstream.set(upstream, (uris = new Map()));
    let sessions = uris.get(uri);
    if (!sessions) uris.set(uri, (sessions = new Set()));
    sessions.add(session);
  }

  /** `session` stops listening to `uri`; returns the upstreams nobody listens to it on any more (unsubscribe them). */
  remove(uri: string, session: string): U[] {
    const emptied: U[] = [];
    for (const [upstream, uris] of this.#byUpstream) if (this.#leave(upstream, uris, uri, session)) emptied.push(upstream);
    return emptied;
  }

  /** A session ended: every subscription of it ends; returns what nobody listens to any more (unsubscribe those). */
  sessionClosed(session: string): { upstream: U; uri: string }[] {
    const emptied: { upstream: U; uri: string }[] = [];
    for (const [upstream, uris] of this.#byUpstream) {
      for (const uri of [...uris.keys()]) if (this.#leave(upstream, uris, uri, session)) emptied.push({ upstream, uri });
    }
    return emptied;
  }

  /** The sessions that hear `notifications/resources/updated` for `uri` from `upstream`. */
  targets(upstream: U, uri: string): string[] {
    return [...(this.#byUpstream.get(upstream)?.get(uri) ?? [])];
  }

  /** Whether `session` left and was the last to listen to `uri` on `upstream`. */
  #leave(upstream: U, uris: Map<string, Set<string>>, uri: string, session: string): boolean {
    const sessions = uris.get(uri);
    if (!sessions?.delete(session) || sessions.size > 0) return false;
    uris.delete(uri);
    if (uris.size === 0) this.#byUpstream.delete(upstream);
    return true;
  }
}
