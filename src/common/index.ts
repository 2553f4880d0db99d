export {
  BatonError,
  ERROR_CODES,
  WARNING_CODES,
  errorDiagnostic,
  isBatonError,
  type BatonErrorOptions,
  type Diagnostic,
  type DiagnosticCode,
  type ErrorCode,
  type SourceLocation,
  type WarningCode,
} from "./errors.js";
export { closestMatch, didYouMean, editDistance } from "./suggest.js";
export { FakeClock, systemClock, type Clock } from "./clock.js";
export { seededRandom, systemRandom, type Random } from "./random.js";
export { RingBuffer } from "./ring-buffer.js";
export { LinkedQueue, type QueueLinks } from "./linked-queue.js";
