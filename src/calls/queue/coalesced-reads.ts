/**
 * One read of a centre's queue (or live service level) for all the consoles that ask at once
 * (issue 11). Every console re-reads them on each `calls.centres.changed` naming its centre: 50
 * consoles and 50 events/s would be 2,500 reads of the database a second.
 *
 * Never stale: a request is answered by a read that *started after it arrived*, so it sees every
 * change committed before it asked (the push that made it ask included). Reads of a centre run one
 * at a time: a request that comes while a read is under way waits for the next one, which starts
 * when that read ends and answers every request that came meanwhile. However many consoles ask,
 * a centre has at most one read running and one waiting to run. No cache to invalidate, so
 * nothing depends on this instance hearing of a change in time (another instance's commit, a bus
 * reconnecting after a database outage).
 *
 * A failed read fails the requests it was to answer; the next request reads again.
 */

interface Pending<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

function pending<T>(): Pending<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface CentreReads<T> {
  running: boolean;
  /** The read that starts when the running one ends, and every request it answers. */
  next: Pending<T> | null;
}

export class CoalescedReads<T> {
  private readonly centres = new Map<string, CentreReads<T>>();
  private readCount = 0;

  constructor(private readonly read: (centreId: string) => Promise<T>) {}

  /** Reads started so far (tests, metrics). */
  get reads(): number {
    return this.readCount;
  }

  /** The centre's data, from a read that starts now or after the one under way. */
  get(centreId: string): Promise<T> {
    let c = this.centres.get(centreId);
    if (!c) this.centres.set(centreId, (c = { running: false, next: null }));
    if (c.next) return c.next.promise;
    const p = pending<T>();
    c.next = p;
    if (!c.running) this.start(centreId, c);
    return p.promise;
  }

  private start(centreId: string, c: CentreReads<T>): void {
    const p = c.next!;
    c.next = null;
    c.running = true;
    this.readCount++;
    // An async wrapper: a read that throws at once fails its requests like one that rejects.
    (async () => this.read(centreId))()
      .then(p.resolve, p.reject)
      .finally(() => {
        c.running = false;
        if (c.next) this.start(centreId, c);
        else this.centres.delete(centreId);
      });
  }
}
