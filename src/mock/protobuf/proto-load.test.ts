import { describe, expect, it } from "vitest";
import { isBatonError, type BatonError } from "../../common/index.js";
import { findMessageType, listServices, loadProto, messageTypeNames } from "./proto-load.js";

const DATA = `${import.meta.dirname}/testdata`;
const GRPC_DATA = `${import.meta.dirname}/../grpc/testdata`;

/** The BatonError `fn` throws (fails the test if it throws anything else or nothing). */
function batonError(fn: () => unknown): BatonError {
  try {
    fn();
  } catch (err) {
    if (isBatonError(err)) return err;
    throw err;
  }
  throw new Error("expected a BatonError");
}

describe("loadProto", () => {
  it("loads a file with imports from its folder and subfolders, plus well-known types", () => {
    const root = loadProto(`${DATA}/quote.proto`);
    expect(messageTypeNames(root)).toEqual(
      expect.arrayContaining(["quotes.v1.Quote", "google.protobuf.Any"]),
    );
    expect(root.lookupEnum("quotes.parts.Level").values).toEqual({
      LEVEL_UNSPECIFIED: 0,
      LEVEL_ONE: 1,
    });
  });

  it("lists services across the file and its imports", () => {
    const root = loadProto(`${GRPC_DATA}/shop.proto`);
    expect(listServices(root).map((s) => s.name)).toEqual(["Catalog", "Orders"]);
  });

  it("reports a missing file as E_CONTRACT_NOT_FOUND", () => {
    const error = batonError(() => loadProto(`${DATA}/nope.proto`));
    expect(error.code).toBe("E_CONTRACT_NOT_FOUND");
    expect(error.message).toContain("nope.proto");
    expect(error.location?.file).toBe(`${DATA}/nope.proto`);
  });

  it("reports a syntax error as E_CONTRACT_PARSE with file and line", () => {
    const error = batonError(() => loadProto(`${GRPC_DATA}/broken.proto`));
    expect(error.code).toBe("E_CONTRACT_PARSE");
    expect(error.message).toMatch(/broken\.proto:\d+: unexpected end of file/);
    expect(error.location).toEqual({ file: `${GRPC_DATA}/broken.proto`, line: 8 });
  });

  it("names the imported file that does not parse, and who imports it", () => {
    const error = batonError(() => loadProto(`${DATA}/bad-import.proto`));
    expect(error.code).toBe("E_CONTRACT_PARSE");
    expect(error.message).toContain("broken-part.proto:7");
    expect(error.message).toContain("imported by");
    expect(error.location?.file).toMatch(/broken-part\.proto$/);
  });

  it("reports a missing import and an undeclared type as E_CONTRACT_INVALID", () => {
    const missing = batonError(() => loadProto(`${DATA}/missing-import.proto`));
    expect(missing.code).toBe("E_CONTRACT_INVALID");
    expect(missing.message).toMatch(
      /missing-import\.proto: import .*nowhere\/gone\.proto not found/,
    );
    const ghost = batonError(() => loadProto(`${GRPC_DATA}/unresolved.proto`));
    expect(ghost.code).toBe("E_CONTRACT_INVALID");
    expect(ghost.message).toContain("unresolved.proto");
    expect(ghost.message).toContain("Nothing");
  });
});

describe("findMessageType", () => {
  const root = loadProto(`${DATA}/quote.proto`);

  it("finds a type with or without the leading dot", () => {
    expect(findMessageType(root, "quotes.v1.Quote", "q.proto").name).toBe("Quote");
    expect(findMessageType(root, ".quotes.v1.Quote", "q.proto").name).toBe("Quote");
  });

  it("refuses an unknown name with a suggestion, and a name that is not a message", () => {
    const typo = batonError(() => findMessageType(root, "quotes.v1.Qoute", "q.proto"));
    expect(typo.code).toBe("E_CONTRACT_INVALID");
    expect(typo.message).toBe('q.proto: no message type "quotes.v1.Qoute"');
    expect(typo.hint).toBe("did you mean 'quotes.v1.Quote'?");
    const level = batonError(() => findMessageType(root, "quotes.parts.Level", "q.proto"));
    expect(level.message).toContain("not a message type");
  });
});
