import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

// FastAPI's docs_src extra_data_types: datetimes, a time, a duration; the handler adds the duration to a datetime.
const app = () =>
  new App().put(
    "/items/{item_id}",
    {
      path: { item_id: t.String({ format: "uuid" }) },
      body: t.Object({
        start_datetime: t.DateTime(),
        end_datetime: t.DateTime(),
        repeat_at: t.Time(),
        process_after: t.Duration(),
      }),
    },
    ({ path, body }) => {
      const startProcess = new Date(body.start_datetime.getTime() + body.process_after * 1000);
      const duration = (body.end_datetime.getTime() - startProcess.getTime()) / 1000;
      return { item_id: path.item_id, ...body, start_process: startProcess, duration };
    },
  );

test("datetime, time and duration come in as values to compute with and go out as FastAPI writes them", async () => {
  const itemId = "ff97dd87-a4a5-4a12-b412-cde99f33e00e";
  const data = { start_datetime: "2018-12-22T14:00:00+00:00", end_datetime: "2018-12-24T15:00:00+00:00", repeat_at: "15:30:00", process_after: 300 };
  const res = await new TestClient(app()).put(`/items/${itemId}`, { json: data });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { ...data, item_id: itemId, start_process: "2018-12-22T14:05:00.000Z", duration: 176100 });
});

test("an offset other than UTC is kept; an ISO 8601 duration is read as seconds", async () => {
  const echo = new App().post("/", { body: t.Object({ at: t.DateTime(), wait: t.Duration() }) }, ({ body }) => ({
    at: body.at,
    epoch: body.at.getTime(),
    wait: body.wait,
  }));
  const res = await new TestClient(echo).post("/", { json: { at: "2018-12-22T14:00:00+05:30", wait: "P1DT2H5M" } });
  assert.deepEqual(res.json(), { at: "2018-12-22T14:00:00+05:30", epoch: Date.UTC(2018, 11, 22, 8, 30), wait: 86400 + 7200 + 300 });
});

test("invalid datetimes and durations are 422s with pydantic's types", async () => {
  const echo = new App().post("/", { body: t.Object({ at: t.DateTime(), wait: t.Duration() }) }, () => "never");
  const res = await new TestClient(echo).post("/", { json: { at: "yesterday", wait: "soon" } });
  assert.equal(res.status, 422);
  const types = (res.json() as { detail: { type: string; loc: string[] }[] }).detail.map((d) => [d.loc.join("."), d.type]);
  assert.deepEqual(types, [
    ["body.at", "datetime_from_date_parsing"],
    ["body.wait", "time_delta_parsing"],
  ]);
});

test("date, set, decimal and bytes", async () => {
  const echo = new App().post(
    "/",
    { body: t.Object({ day: t.Date(), tags: t.Set(t.String()), price: t.Decimal(), data: t.Bytes() }) },
    ({ body }) => ({
      day: body.day,
      weekday: body.day.getUTCDay(),
      tags: body.tags,
      isSet: body.tags instanceof Set,
      price: body.price,
      bytes: body.data.length,
    }),
  );
  const res = await new TestClient(echo).post("/", { json: { day: "2018-12-22", tags: ["a", "b", "a"], price: "0.10", data: "héllo" } });
  assert.deepEqual(res.json(), { day: "2018-12-22T00:00:00.000Z", weekday: 6, tags: ["a", "b"], isSet: true, price: "0.10", bytes: 6 });
});

test("with a response schema the values are encoded back: date as YYYY-MM-DD, set as a list, bytes as text", async () => {
  const Out = t.Object({ day: t.Date(), tags: t.Set(t.Integer()), data: t.Bytes(), at: t.DateTime() });
  const out = new App().get(
    "/",
    { response: Out },
    () =>
      ({
        day: new Date(Date.UTC(2020, 0, 2)),
        tags: new Set([3, 1, 3]),
        data: Buffer.from("hi"),
        at: new Date(Date.UTC(2020, 0, 2, 3, 4, 5)),
      }) as never,
  );
  assert.deepEqual((await new TestClient(out).get("/")).json(), { day: "2020-01-02", tags: [3, 1], data: "hi", at: "2020-01-02T03:04:05Z" });
});

test("query params: a set from repeated keys, a duration in seconds", async () => {
  const q = new App().get("/", { query: { ids: t.Set(t.Integer()), every: t.Duration() } }, ({ query }) => ({
    ids: [...query.ids],
    every: query.every,
  }));
  const res = await new TestClient(q).get("/?ids=1&ids=2&ids=1&every=PT5M");
  assert.deepEqual(res.json(), { ids: [1, 2], every: 300 });
});

test("OpenAPI documents the types as FastAPI does", async () => {
  const doc = (await new TestClient(app()).get("/openapi.json")).json() as {
    paths: Record<string, { put: { requestBody: { content: { "application/json": { schema: { properties: Record<string, object> } } } } } }>;
  };
  const props = doc.paths["/items/{item_id}"]!.put.requestBody.content["application/json"].schema.properties;
  assert.deepEqual(props.start_datetime, { type: "string", format: "date-time" });
  assert.deepEqual(props.repeat_at, { type: "string", format: "time" });
});
