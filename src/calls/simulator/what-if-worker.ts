/** A worker thread's part of a parallel what-if run (what-if.ts): plays its centres, sends its tally. */
import { parentPort, workerData } from 'node:worker_threads';
import { runWhatIfPart, type WhatIfPart } from './what-if.ts';

parentPort!.postMessage(runWhatIfPart(workerData as WhatIfPart));
