// Express 5 with express.json() and hand-written validation.
import express from "express";
import { colonPath, fillerRoutes, serverArgs } from "./shared.ts";
import { checkId, checkItem, checkQuery } from "./validate-by-hand.ts";

const { port, routes } = serverArgs();

const app = express();
app.disable("x-powered-by");
const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) {
      app.get(colonPath(filler.path), (req, res) => {
        const id = checkId(req.params.id as string);
        if (id === undefined) res.status(422).json({ detail: "id: an integer" });
        else res.json({ id });
      });
    } else {
      app.get(filler.path, (_req, res) => res.json({ ok: true }));
    }
  }
};

addFillers(true);
app.get("/", (_req, res) => {
  res.json({ Hello: "World" });
});
app.get("/items/:id", (req, res) => {
  const id = checkId(req.params.id);
  const query = checkQuery(req.query.q, req.query.limit);
  if (id === undefined) res.status(422).json({ detail: "id: an integer" });
  else if (!query.ok) res.status(422).json({ detail: query.error });
  else res.json({ id, name: "Item", q: query.value.q, limit: query.value.limit });
});
app.post("/items", express.json(), (req, res) => {
  const error = checkItem(req.body);
  if (error) res.status(422).json({ detail: error });
  else res.status(201).json(req.body);
});
addFillers(false);

app.listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
