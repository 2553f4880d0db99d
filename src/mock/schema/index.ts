export { generate, type GenerateMode, type GenerateOptions } from "./generate.js";
