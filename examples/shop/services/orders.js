// A real (if small) orders service for the shop example: orders kept in memory, the
// contracts/orders.yaml API. Baton starts it with its port in BATON_SERVICE_PORT:
//   baton slot orders node services/orders.js
import { createServer } from "node:http";

const port = Number(process.env.BATON_SERVICE_PORT ?? process.env.PORT ?? 8080);
const version = process.argv[2] ?? "v1";
const orders = new Map([
  [
    "ord_7Hq2Xk",
    {
      id: "ord_7Hq2Xk",
      user_id: "usr_42",
      status: "paid",
      items: [{ sku: "MUG-001", quantity: 2, unit_price: { amount: 1299, currency: "EUR" } }],
      total: { amount: 2598, currency: "EUR" },
      charge_id: "ch_3NfK9q",
      created_at: "2025-03-14T09:26:53Z",
    },
  ],
]);

function send(res, status, body, type = "application/json") {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(text),
    "x-orders-version": version,
  });
  res.end(text);
}

function notFound(res, detail) {
  send(
    res,
    404,
    { type: "https://shop.example/problems/not-found", title: "Not Found", status: 404, detail },
    "application/problem+json",
  );
}

function readJson(req) {
  return new Promise((resolve) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(null);
      }
    });
  });
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://orders");
  const parts = url.pathname.split("/").filter(Boolean);
  if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });
  if (parts[0] !== "orders") return notFound(res, `no route ${url.pathname}`);
  if (req.method === "GET" && parts.length === 1) {
    const user = url.searchParams.get("user_id");
    const items = [...orders.values()].filter((o) => user === null || o.user_id === user);
    return send(res, 200, { items, next_cursor: null });
  }
  if (req.method === "POST" && parts.length === 1) {
    const body = await readJson(req);
    if (body === null || typeof body.user_id !== "string" || !Array.isArray(body.items))
      return send(
        res,
        400,
        { type: "about:blank", title: "Bad Request", status: 400 },
        "application/problem+json",
      );
    const id = `ord_${Math.random().toString(36).slice(2, 10)}`;
    const items = body.items.map((i) => ({
      sku: String(i.sku),
      quantity: Number(i.quantity),
      unit_price: { amount: 1299, currency: "EUR" },
    }));
    const amount = items.reduce((sum, i) => sum + i.quantity * i.unit_price.amount, 0);
    const order = {
      id,
      user_id: body.user_id,
      status: "pending",
      items,
      total: { amount, currency: "EUR" },
      charge_id: null,
      created_at: new Date().toISOString(),
    };
    orders.set(id, order);
    return send(res, 201, order);
  }
  const order = orders.get(parts[1] ?? "");
  if (order === undefined) return notFound(res, `no order ${parts[1]}`);
  if (req.method === "GET" && parts.length === 2) return send(res, 200, order);
  if (req.method === "POST" && parts[2] === "cancel") {
    order.status = "cancelled";
    return send(res, 200, order);
  }
  return notFound(res, `no route ${req.method} ${url.pathname}`);
}).listen(port, "127.0.0.1", () => console.log(`orders ${version} listening on ${port}`));
