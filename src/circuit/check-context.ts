import type { Diagnostic, DiagnosticCode, ErrorCode, WarningCode } from "../common/index.js";
import { formatYamlPath, locate, type YamlPath, type YamlSource } from "../contract/index.js";

/** Collects located diagnostics while the semantic checks run. */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Each node's contract digest (its files' texts), as checkFiles read them. */
  readonly contractDigests = new Map<string, string>();

  constructor(
    readonly source: YamlSource,
    /** Directory that relative paths in the file are resolved against. */
    readonly projectDir: string,
  ) {}

  /** Reports an error at `path` (at the key itself when `key`). */
  error(code: ErrorCode, path: YamlPath, message: string, hint: string, key = false): void {
    this.push("error", code, path, message, hint, key);
  }

  /** Reports a warning at `path`. */
  warn(code: WarningCode, path: YamlPath, message: string, hint: string, key = false): void {
    this.push("warning", code, path, message, hint, key);
  }

  private push(
    severity: "error" | "warning",
    code: DiagnosticCode,
    path: YamlPath,
    message: string,
    hint: string,
    key: boolean,
  ): void {
    const at = locate(this.source, path, { key });
    const field = formatYamlPath(path);
    this.diagnostics.push({
      severity,
      code,
      message,
      hint,
      location: {
        file: this.source.file,
        line: at.line,
        column: at.column,
        field: field === "" ? undefined : field,
      },
    });
  }
}
