import type { SingleRoute } from "./route-spec.js";
import type { Router } from "./router.js";

/** Sends every request to one target; with no alternative, availability cannot change the pick. */
export class SingleRouter implements Router {
  private readonly target: string;

  constructor(spec: SingleRoute) {
    this.target = spec.target;
  }

  pick(): string {
    return this.target;
  }
}
