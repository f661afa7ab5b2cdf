/** What the sandbox counts, for tests and the demo: requests, answers by status, throttling, faults, writes. */
export interface SandboxStats {
  requests: number;
  /** Answers by HTTP status, e.g. { "200": 12, "201": 3, "429": 1 }. Dropped connections are not answers. */
  byStatus: Record<string, number>;
  /** Every 429, from the rate limit or an injected throttle fault. */
  throttled: number;
  faults: { latency: number; throttle: number; error5xx: number; dropAfterCommit: number };
  /** Creates and updates stored (and persisted, with --data), including those whose answer was dropped. */
  writesCommitted: number;
}

/** One injected fault, in request order: what repeatability tests compare. */
export interface FaultEvent {
  /** 1-based number of the request since the sandbox started. */
  request: number;
  method: string;
  path: string;
  kind: 'throttle' | 'error5xx' | 'drop-after-commit';
  status?: number;
}

/** One answered (or dropped) request, for a host that wants a request log. */
export interface RequestLogEntry {
  method: string;
  /** Path and query as requested, e.g. "/api/v1/case/requests?page=2". */
  url: string;
  status: number | 'dropped';
  ms: number;
}

export function emptyStats(): SandboxStats {
  return {
    requests: 0,
    byStatus: {},
    throttled: 0,
    faults: { latency: 0, throttle: 0, error5xx: 0, dropAfterCommit: 0 },
    writesCommitted: 0,
  };
}
