/**
 * Injected faults (CONTRACTS section 4: `latency=20-150ms,error5xx=0.05,throttle=0.05,drop-after-commit=0.05,seed=7`).
 * Every request draws the same number of values from a seeded mulberry32 stream, whatever happens to it,
 * so the same seed and the same request sequence give the same faults.
 */
import { InputError } from '../core/errors.ts';

export interface FaultSpec {
  latencyMs: [number, number] | null;
  error5xx: number;
  throttle: number;
  dropAfterCommit: number;
  seed: number;
}

export interface FaultDraw {
  latencyMs: number;
  throttle: boolean;
  errorStatus: 500 | 502 | 503 | null;
  dropAfterCommit: boolean;
}

export function parseFaultSpec(spec: string): FaultSpec {
  const result: FaultSpec = { latencyMs: null, error5xx: 0, throttle: 0, dropAfterCommit: 0, seed: 1 };
  const bad = (part: string, why: string): never => {
    throw new InputError(
      'sandbox_bad_faults',
      `--faults part '${part}' ${why}; write e.g. latency=20-150ms,error5xx=0.05,throttle=0.05,drop-after-commit=0.05,seed=7`,
    );
  };
  for (const part of spec
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const [key, value = ''] = part.split('=', 2).map((piece) => piece.trim());
    switch (key) {
      case 'latency': {
        const match = /^(\d+)(?:-(\d+))?(ms|s)?$/.exec(value);
        if (!match) return bad(part, 'is not a latency range');
        const unit = match[3] === 's' ? 1000 : 1;
        const low = Number(match[1]) * unit;
        const high = Number(match[2] ?? match[1]) * unit;
        if (high < low) return bad(part, 'has its range backwards');
        result.latencyMs = [low, high];
        break;
      }
      case 'error5xx':
      case 'throttle':
      case 'drop-after-commit': {
        const probability = Number(value);
        if (value === '' || !(probability >= 0 && probability <= 1))
          return bad(part, 'needs a probability between 0 and 1');
        if (key === 'error5xx') result.error5xx = probability;
        else if (key === 'throttle') result.throttle = probability;
        else result.dropAfterCommit = probability;
        break;
      }
      case 'seed':
        if (!/^\d+$/.test(value)) return bad(part, 'needs a whole number');
        result.seed = Number(value);
        break;
      default:
        return bad(part, 'is not a known fault (latency, error5xx, throttle, drop-after-commit, seed)');
    }
  }
  return result;
}

/**
 * mulberry32: tiny, well-distributed enough for test faults, and the same on every platform (the
 * benchmark's data generator draws from it too, so every run measures the same data).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPlan {
  private readonly random: () => number;

  constructor(readonly spec: FaultSpec) {
    this.random = mulberry32(spec.seed);
  }

  /** Five draws per request, always, so one request's outcome never shifts the next one's. */
  next(): FaultDraw {
    const [latency, throttle, error, errorKind, drop] = [
      this.random(),
      this.random(),
      this.random(),
      this.random(),
      this.random(),
    ];
    const range = this.spec.latencyMs;
    const isThrottled = throttle < this.spec.throttle;
    return {
      latencyMs: range ? Math.round(range[0] + latency * (range[1] - range[0])) : 0,
      throttle: isThrottled,
      errorStatus:
        !isThrottled && error < this.spec.error5xx
          ? (([500, 502, 503] as const)[Math.floor(errorKind * 3)] ?? 500)
          : null,
      dropAfterCommit: drop < this.spec.dropAfterCommit,
    };
  }
}
