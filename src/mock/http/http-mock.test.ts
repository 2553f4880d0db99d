import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { HttpAdapter } from "../../adapter/index.js";
import { seededRandom } from "../../common/index.js";
import { HttpMock, type HttpMockOptions } from "./http-mock.js";

const PETS = fileURLToPath(new URL("testdata/pets.yaml", import.meta.url));

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

/** The pets mock served by a real adapter (as Baton serves mocks), and a client for it. */
async function serve(options: Partial<HttpMockOptions> = {}) {
  const mock = HttpMock.fromFile(PETS, { node: "pets", ...options });
  const adapter = new HttpAdapter({ node: "pets", port: 0, random: seededRandom(1) });
  const port = await adapter.listen();
  onTestFinished(() => adapter.close(1_000));
  adapter.apply({
    version: 1,
    targets: [{ kind: "handler", id: "mock", handler: mock.handler }],
    route: { kind: "single", target: "mock" },
  });
  const dispatcher = new Agent();
  agents.push(dispatcher);
  const call = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) => {
    const r = await request(`http://127.0.0.1:${port}${path}`, {
      dispatcher,
      method: (init.method ?? "GET") as "GET",
      headers: init.headers,
      body: init.body,
    });
    const text = await r.body.text();
    const json = (): unknown => JSON.parse(text);
    return { status: r.statusCode, headers: r.headers, text, json };
  };
  return { call, mock };
}

const post = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("HttpMock", () => {
  it("matches path templates and methods; literal paths win; 404 and 405 are problems", async () => {
    const { call } = await serve();
    const pet = await call("/pets/7");
    expect([pet.status, pet.json()]).toEqual([200, { id: 7, name: "Tom", kind: { meows: true } }]);
    expect(pet.headers["x-baton-served-by"]).toBe("pets/mock");
    expect((await call("/pets/mine/")).json()).toEqual({ mine: true });
    const missing = await call("/nope");
    expect([missing.status, missing.headers["content-type"]]).toEqual([
      404,
      "application/problem+json",
    ]);
    const wrong = await call("/pets", { method: "PATCH" });
    expect([wrong.status, wrong.headers["allow"]]).toEqual([405, "GET, POST"]);
  });

  it("answers the lowest 2xx: 201 with a body generated from an allOf schema, 204 without one", async () => {
    const { call } = await serve();
    const created = await call("/pets", post({ name: "Rex", kind: { barks: true } }));
    expect(created.status).toBe(201);
    const body = created.json() as Record<string, unknown>;
    expect(typeof body["id"]).toBe("number");
    expect(typeof body["name"]).toBe("string");
    const deleted = await call("/pets/7", { method: "DELETE" });
    expect([deleted.status, deleted.text]).toEqual([204, ""]);
  });

  it("validates requests and lists every violation (400 parameters, 422 body, 415 media type)", async () => {
    const { call } = await serve();
    const query = await call("/pets?limit=0", { headers: { "x-trace": "zz" } });
    expect(query.status).toBe(400);
    const where = (query.json() as { validation: { location: string[] }[] }).validation.map((v) =>
      v.location.join("."),
    );
    expect(where).toEqual(expect.arrayContaining(["query.limit", "header.X-Trace"]));
    expect((await call("/pets?limit=abc")).status).toBe(400);
    expect((await call("/pets/abc")).status).toBe(400);
    const body = await call("/pets", post({ tag: 5, kind: { purrs: 1 } }));
    expect(body.status).toBe(422);
    const codes = (body.json() as { validation: { location: string[]; code: string }[] })
      .validation;
    expect(codes.map((v) => `${v.location.join(".")}:${v.code}`)).toEqual(
      expect.arrayContaining(["body.name:required", "body.tag:type"]),
    );
    const csv = await call("/pets", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "a",
    });
    expect(csv.status).toBe(415);
    expect((await call("/pets", { ...post(null), body: "{" })).status).toBe(400);
  });

  it("lets a request leave out required readOnly properties, and only those", async () => {
    const { call } = await serve();
    const put = (body: unknown) => call("/pets/7", { ...post(body), method: "PUT" });
    expect((await put({ name: "Rex", kind: { barks: true } })).status).toBe(200);
    const bad = await put({ kind: { barks: true } });
    expect(bad.status).toBe(422);
    const where = (bad.json() as { validation: { location: string[] }[] }).validation;
    expect(where.map((v) => v.location.join("."))).toEqual(["body.name"]);
  });

  it("can have validation turned off", async () => {
    const { call } = await serve({ validateRequests: false });
    expect((await call("/pets", post({ tag: 5 }))).status).toBe(201);
  });

  it("honours Prefer and the __ query equivalents: code, example, dynamic", async () => {
    const { call } = await serve();
    const notFound = await call("/pets/7", { headers: { prefer: "code=404" } });
    expect([notFound.status, notFound.json()]).toEqual([
      404,
      { code: 404, message: "no such pet" },
    ]);
    expect((await call("/pets/7?__code=404")).status).toBe(404);
    const dog = await call("/pets/7", { headers: { prefer: "example=dog" } });
    expect(dog.json()).toMatchObject({ name: "Rex" });
    expect((await call("/pets/7?__example=dog")).json()).toMatchObject({ name: "Rex" });
    const unknown = await call("/pets/7", { headers: { prefer: "code=418" } });
    expect(unknown.status).toBe(400);
    expect((unknown.json() as { detail: string }).detail).toContain("200, 404");
    expect((await call("/pets/7", { headers: { prefer: "example=bird" } })).status).toBe(400);
    const dynamic = await call("/pets/7", { headers: { prefer: "dynamic=true" } });
    expect(dynamic.status).toBe(200);
    expect(typeof (dynamic.json() as { id: unknown }).id).toBe("number");
  });

  it("generates the same dynamic answers for the same seed", async () => {
    const a = await serve({ seed: 42 });
    const b = await serve({ seed: 42 });
    const seq = async (c: typeof a) => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push((await c.call("/pets/7?__dynamic=true")).text);
      return out;
    };
    expect(await seq(a)).toEqual(await seq(b));
  });

  it("negotiates the media type by Accept, and answers 406 when none fits", async () => {
    const { call } = await serve();
    const csv = await call("/report", { headers: { accept: "text/csv" } });
    expect([csv.headers["content-type"], csv.text]).toEqual(["text/csv", "rows\n1\n"]);
    expect((await call("/report")).json()).toEqual({ rows: 1 });
    expect((await call("/report", { headers: { accept: "image/png" } })).status).toBe(406);
  });

  it("sends declared response headers, and survives recursive schemas", async () => {
    const { call } = await serve();
    expect((await call("/pets?limit=2")).headers["x-total-count"]).toBe("2");
    const tree = await call("/tree");
    expect([tree.status, typeof (tree.json() as { name: unknown }).name]).toEqual([200, "string"]);
  });

  it("keeps state when stateful: create, read, list, update, delete, 404 for unknown ids", async () => {
    const { call } = await serve({ stateful: true });
    expect((await call("/pets/1")).status).toBe(404);
    const made = await call("/pets", post({ name: "Rex", kind: { barks: true } }));
    expect(made.status).toBe(201);
    const id = (made.json() as { id: number }).id;
    expect((await call(`/pets/${id}`)).json()).toMatchObject({ id, name: "Rex" });
    await call("/pets", post({ name: "Tom", kind: { meows: true } }));
    const list = (await call("/pets")).json() as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(["Rex", "Tom"]);
    const patched = await call(`/pets/${id}`, { ...post({ tag: "good" }), method: "PATCH" });
    expect(patched.status).toBe(405); // PATCH is not declared for /pets/{petId}: the contract rules
    expect((await call(`/pets/${id}`, { method: "DELETE" })).status).toBe(204);
    const gone = await call(`/pets/${id}`);
    expect([gone.status, gone.json()]).toEqual([404, { code: 404, message: "no such pet" }]);
    // An explicit Prefer still reaches the contract's examples.
    expect((await call("/pets/1", { headers: { prefer: "code=200" } })).status).toBe(200);
  });

  it("chooses examples and statuses by request content", async () => {
    const { call } = await serve({
      exampleRules: [
        { operation: "GET /pets/{petId}", match: { "path.petId": "2" }, example: "dog" },
        { operation: "GET /pets/{petId}", match: { "header.x-missing": "yes" }, status: 404 },
        { operation: "POST /pets", match: { "body/kind/barks": "true" }, status: 400 },
      ],
    });
    expect((await call("/pets/2")).json()).toMatchObject({ name: "Rex" });
    expect((await call("/pets/3")).json()).toMatchObject({ name: "Tom" });
    expect((await call("/pets/3", { headers: { "x-missing": "yes" } })).status).toBe(404);
    expect((await call("/pets", post({ name: "Rex", kind: { barks: true } }))).status).toBe(400);
    expect((await call("/pets/2", { headers: { prefer: "example=cat" } })).json()).toMatchObject({
      name: "Tom",
    });
  });

  it("names a schema no value satisfies in a problem, and keeps serving", async () => {
    const { call } = await serve();
    const r = await call("/impossible");
    expect(r.status).toBe(500);
    expect((r.json() as { detail: string }).detail).toMatch(
      /pets\.yaml#\/components\/schemas\/Impossible cannot be satisfied/,
    );
    expect((await call("/pets/7")).status).toBe(200);
  });

  it("refuses a contract with a broken $ref at load time, naming the file", () => {
    expect(() =>
      HttpMock.fromFile(fileURLToPath(new URL("testdata/broken.yaml", import.meta.url)), {
        node: "x",
      }),
    ).toThrow(/does not resolve/);
  });
});
