/**
 * Sign-outs, revocations and disabled users, as events (issue 9 part 3): the auth service
 * publishes one whenever a credential stops being valid; the token cache subscribes and forgets
 * it at once. Today the events stay in this process. An event bus (another branch) carries them to
 * every instance by subscribing here (forwarding `origin: 'local'` events) and publishing what it
 * receives with `origin: 'remote'` — so the bus never echoes an event back.
 * Events name credentials by id or SHA-256, never by the secret.
 */
export type AuthInvalidationEvent = (
  { kind: 'session'; tokenHash: string } | { kind: 'token'; id: string } | { kind: 'user'; id: string }
) & { origin?: 'local' | 'remote' };

export type AuthInvalidationListener = (e: AuthInvalidationEvent) => void;

export class AuthInvalidation {
  private readonly listeners = new Set<AuthInvalidationListener>();

  /** Listens to every invalidation; returns the function that stops listening. */
  subscribe(fn: AuthInvalidationListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Tells every listener; a listener that throws does not stop the others. */
  publish(e: AuthInvalidationEvent): void {
    const event = { origin: 'local' as const, ...e };
    for (const fn of this.listeners) {
      try {
        fn(event);
      } catch {
        /* a failing listener must not keep a revoked credential alive elsewhere */
      }
    }
  }
}
