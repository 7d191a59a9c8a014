// Response headers remember the last good name and the last media type: neither may let a bad one through.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Response, HTMLResponse, JSONResponse, ResponseHeaders } from "../../src/index.ts";

test("a header name that passed once does not excuse a different, bad one", () => {
  const headers = new ResponseHeaders();
  headers.set("x-one", "1");
  headers.set("x-one", "2");
  assert.throws(() => headers.set("x-one\r\nx-evil", "1"), TypeError);
  assert.throws(() => headers.set("x-one", "1\r\nx-evil: 1"), TypeError);
  assert.throws(() => headers.set("bad name", "1"), TypeError);
  headers.set("x-two", "2");
  assert.equal(headers.get("x-one"), "2");
});

test("content types follow each response's media type, in any order", () => {
  const types = () => [
    new JSONResponse({}).headers.get("content-type"),
    new HTMLResponse("<p>").headers.get("content-type"),
    new Response("x", { mediaType: "text/csv" }).headers.get("content-type"),
    new Response("x", { mediaType: "text/plain; charset=latin1" }).headers.get("content-type"),
    new Response("x", { mediaType: "application/json", headers: { "content-type": "application/problem+json" } }).headers.get("content-type"),
  ];
  const expected = [
    "application/json",
    "text/html; charset=utf-8",
    "text/csv; charset=utf-8",
    "text/plain; charset=latin1",
    "application/problem+json",
  ];
  assert.deepEqual(types(), expected);
  assert.deepEqual(types(), expected);
});
