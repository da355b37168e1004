/** Messages between bench/run.ts and the API child (bench/server.ts). */
export interface SeedRequest {
  /** Volunteers checked in and out of a finished activity, waiting for confirmation. */
  toConfirm: number;
  merchants: number;
  /** Till staff accounts, spread over the merchants (60 verifications a minute each). */
  staff: number;
  /** Volunteers holding a certificate, each with one till device. */
  certified: number;
  /** Upcoming published activities for GET /activities. */
  upcoming: number;
}

export interface SeedResult {
  officerToken: string;
  readerToken: string;
  confirmIds: number[];
  staffTokens: string[];
  ownerTokens: string[];
  devices: Array<{ deviceId: string; secretHex: string }>;
  seedMs: number;
}

export type ToChild =
  | { type: 'seed'; request: SeedRequest }
  | { type: 'direct-confirm'; ids: number[]; concurrency: number }
  | { type: 'cpu' }
  /** A V8 CPU profile of one measurement (BENCH_PROF=<dir>), written to `file` on stop. */
  | { type: 'prof'; action: 'start' | 'stop'; file?: string }
  | { type: 'exit' };

export type ToParent =
  | { type: 'ready'; port: number; dbVersion: string }
  | { type: 'seeded'; result: SeedResult }
  | { type: 'direct-done'; ms: number; n: number; errors: number }
  | { type: 'cpu'; micros: number }
  | { type: 'prof' }
  | { type: 'error'; message: string };
