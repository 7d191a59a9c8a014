// Date, time and UUID texts: what is accepted, and pydantic's explanation of what is not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkDateText, checkDateTimeText, checkTimeText } from "../../src/params/temporal.ts";
import { uuidError } from "../../src/params/uuid.ts";

test("dates", () => {
  assert.deepEqual(checkDateText("2024-02-29"), { ok: true, value: "2024-02-29" });
  assert.deepEqual(checkDateText("2023-02-29"), { ok: false, type: "date_from_datetime_parsing", error: "day value is outside expected range" });
  assert.deepEqual(checkDateText("2023-1x-01"), { ok: false, type: "date_from_datetime_parsing", error: "invalid character in month" });
  assert.deepEqual(checkDateText("20x3-01-01"), { ok: false, type: "date_from_datetime_parsing", error: "invalid character in year" });
  assert.deepEqual(checkDateText("2023/01/01"), { ok: false, type: "date_from_datetime_parsing", error: "invalid date separator, expected `-`" });
  assert.deepEqual(checkDateText("2023-01-01x"), {
    ok: false,
    type: "date_from_datetime_parsing",
    error: "invalid datetime separator, expected `T`, `t`, `_` or space",
  });
  assert.deepEqual(checkDateText("2023-01-01T00:00"), { ok: true, value: "2023-01-01" });
  assert.deepEqual(checkDateText("2023-01-01T00:00:01"), { ok: false, type: "date_from_datetime_inexact" });
});

test("datetimes", () => {
  for (const ok of [
    "2024-01-01T10:20",
    "2024-01-01 10:20:30",
    "2024-01-01t10:20:30.123456Z",
    "2024-01-01T10:20:30,5+05:30",
    "2024-01-01T10:20:30-0800",
    "2024-01-01",
  ]) {
    assert.deepEqual(checkDateTimeText(ok), { ok: true, value: ok }, ok);
  }
  const bad: [string, string][] = [
    ["2024-01-01T25:00", "unexpected extra characters at the end of the input"],
    ["2024-01-0", "input is too short"],
    ["nope", "input is too short"],
  ];
  for (const [text, error] of bad) assert.deepEqual(checkDateTimeText(text), { ok: false, type: "datetime_from_date_parsing", error }, text);
});

test("times", () => {
  assert.deepEqual(checkTimeText("23:59:59.999999"), { ok: true, value: "23:59:59.999999" });
  const bad: [string, string][] = [
    ["24:00", "hour value is outside expected range of 0-23"],
    ["12:60", "minute value is outside expected range of 0-59"],
    ["12:00:61", "second value is outside expected range of 0-59"],
    ["12-00", "invalid time separator, expected `:`"],
    ["12:00:00.", "second fraction digits missing after `.`"],
    ["12:00:00.1234567", "second fraction value is more than 6 digits long"],
    ["12:00:00 x", "invalid timezone sign"],
    ["12:00+25:00", "timezone offset must be less than 24 hours"],
    ["1:00", "input is too short"],
  ];
  for (const [text, error] of bad) assert.deepEqual(checkTimeText(text), { ok: false, type: "time_parsing", error }, text);
});

test("uuids", () => {
  for (const ok of [
    "c3a1ae3c-ea82-448b-9c74-567130ac572a",
    "C3A1AE3CEA82448B9C74567130AC572A",
    "{c3a1ae3c-ea82-448b-9c74-567130ac572a}",
    "urn:uuid:c3a1ae3c-ea82-448b-9c74-567130ac572a",
  ]) {
    assert.equal(uuidError(ok), undefined, ok);
  }
  assert.equal(uuidError("c3a1ae3c-ea82-448b-9c74-567130ac572"), "invalid group length in group 4: expected 12, found 11");
  assert.equal(uuidError("c3a1ae3-cea82-448b-9c74-567130ac572a"), "invalid group length in group 0: expected 8, found 7");
  assert.equal(uuidError("702d2c4f-d2ac-"), "invalid group count: expected 5, found 3");
  assert.equal(uuidError("{c3a1ae3cea82448b9c74567130ac572a}"), "invalid group count: expected 5, found 1");
  assert.equal(
    uuidError("c3a1ae3c-ea82-448b-9c74-567130ac572é"),
    "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `é` at 36",
  );
  assert.equal(uuidError(""), "invalid length: expected length 32 for simple format, found 0");
});
