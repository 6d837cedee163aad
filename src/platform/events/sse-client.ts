/**
 * A minimal Server-Sent Events client over fetch (tests, the benchmark, the CLI later): sends the
 * bearer token and Last-Event-ID, parses frames, remembers the last id. Browsers use the web hook
 * (web/src/shared/live/use-event-stream.ts), which parses the same frames.
 */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

export interface SseConnection {
  /** Resolves with the HTTP status once headers arrived. */
  readonly opened: Promise<number>;
  /** Resolves when the server ends the stream (or it fails). */
  readonly ended: Promise<void>;
  /** The id of the last frame that carried one (what to resume from). */
  readonly lastEventId: string | null;
  close(): void;
}

/** Splits an SSE byte stream into messages (`\n\n`-terminated frames; comments ignored). */
export function createSseParser(onMessage: (m: SseMessage) => void, onId?: (id: string) => void) {
  let buffer = '';
  return (chunk: string): void => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (id !== null) onId?.(id);
      if (data.length > 0) onMessage({ id, event, data: data.join('\n') });
    }
  };
}

export function openEventStream(opts: {
  url: string;
  /** A bearer token (integrations, tests); without one the browser's session cookie is sent. */
  token?: string;
  lastEventId?: string | null;
  onMessage: (m: SseMessage) => void;
}): SseConnection {
  const controller = new AbortController();
  let lastEventId = opts.lastEventId ?? null;
  let resolveOpened!: (status: number) => void;
  const opened = new Promise<number>((r) => (resolveOpened = r));
  const parse = createSseParser(opts.onMessage, (id) => (lastEventId = id));
  const ended = (async () => {
    try {
      const res = await fetch(opts.url, {
        credentials: 'same-origin',
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          accept: 'text/event-stream',
          ...(lastEventId !== null ? { 'last-event-id': lastEventId } : {}),
        },
        signal: controller.signal,
      });
      resolveOpened(res.status);
      if (!res.body) return;
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        parse(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      resolveOpened(0);
    }
  })();
  return {
    opened,
    ended,
    get lastEventId() {
      return lastEventId;
    },
    close: () => controller.abort(),
  };
}
