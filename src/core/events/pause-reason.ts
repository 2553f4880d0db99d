/**
 * Why a job is paused. A job holds a set of these; each source adds and lifts only its own,
 * so a resource all-clear never lifts a user's or a cost pause (spec §13.2).
 */
export const PAUSE_REASONS = ["user", "cost", "escalation", "resource"] as const;

/** One cause of a pause. */
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** The reason `PauseJob` and `ResumeJob` carry when none is given. */
export const DEFAULT_PAUSE_REASON: PauseReason = "user";
