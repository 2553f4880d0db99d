export { checkOnce, waitHealthy, type WaitHealthyOptions } from "./wait-healthy.js";
