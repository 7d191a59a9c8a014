// docs/tutorial/extra-types.md: the sample decodes and writes back as the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app } from "../../docs/samples/extra-types/main.ts";

const id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

test("extra data types: datetimes keep their offset, durations are seconds, sets drop duplicates, decimals stay exact", async () => {
  await using client = new TestClient(app);
  const booking = {
    start: "2026-12-22T14:00:00+05:30",
    day: "2026-12-22",
    checkIn: "15:30:00",
    stay: "P2DT1H",
    tags: ["sea", "sea", "quiet"],
    price: "120.10",
  };
  const response = await client.put(`/bookings/${id}`, { json: booking });
  assert.deepEqual(response.json(), {
    booking_id: id,
    start: "2026-12-22T14:00:00+05:30",
    end: "2026-12-24T09:30:00.000Z",
    offsetMinutes: 330,
    nights: 2,
    tags: ["sea", "quiet"],
    price: "120.10",
  });
});

test("extra data types: each bad value named with pydantic's error type", async () => {
  await using client = new TestClient(app);
  const bad = { start: "yesterday", day: "2026-13-01", checkIn: "25:00", stay: "soon", tags: [], price: "1" };
  const response = await client.put(`/bookings/${id}`, { json: bad });
  assert.equal(response.status, 422);
  assert.deepEqual(
    response.json().detail.map((issue: { type: string; loc: string[] }) => [issue.type, issue.loc.at(-1)]),
    [
      ["datetime_from_date_parsing", "start"],
      ["date_from_datetime_parsing", "day"],
      ["time_parsing", "checkIn"],
      ["time_delta_parsing", "stay"],
    ],
  );
  assert.equal((await client.put("/bookings/not-a-uuid", { json: bad })).status, 404);
});
