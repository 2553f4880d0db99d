/**
 * The instruments runtime operations use, with their concurrency limits: `mock` builds mocks,
 * `adapter` opens and switches adapters, `process` starts services, `probe` waits and checks.
 */
export const RUNTIME_INSTRUMENTS = {
  mock: { maxConcurrent: 8 },
  adapter: { maxConcurrent: 16 },
  process: { maxConcurrent: 4 },
  probe: { maxConcurrent: 16 },
} as const;
