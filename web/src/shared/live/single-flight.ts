/**
 * One read at a time for a live page: a call while a read runs asks for one more after it (never
 * two at once, never a burst of reads for a burst of pushes), and `stop` ends the repeats when the
 * page goes away. The read handles its own errors.
 */
export interface SingleFlight {
  run: () => Promise<void>;
  stop: () => void;
}

export function singleFlight(read: () => Promise<void>): SingleFlight {
  let running = false;
  let again = false;
  let stopped = false;
  return {
    async run() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          await read();
        } while (again && !stopped);
      } finally {
        running = false;
      }
    },
    stop() {
      stopped = true;
    },
  };
}
