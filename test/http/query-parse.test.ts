// The query string parser: the hand-split fast path must answer exactly as node:querystring does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "node:querystring";
import { parseQuery } from "../../src/http/connection.ts";

test("parseQuery equals node:querystring on random queries, with and without anything to decode", () => {
  const pieces = ["a", "b", "=", "&", "&&", "==", "%", "%4", "%41", "+", "__proto__", "é", "x y"];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 20_000; i++) {
    let search = "";
    for (let j = random(10); j > 0; j--) search += pieces[random(pieces.length)];
    const ours = parseQuery(search);
    assert.equal(Object.getPrototypeOf(ours), null, search);
    assert.deepEqual({ ...ours }, { ...parse(search, "&", "=", { maxKeys: 0 }) }, search);
  }
  assert.deepEqual({ ...parseQuery("q=hi&limit=5&tag=a&tag=b&flag&=x") }, { q: "hi", limit: "5", tag: ["a", "b"], flag: "", "": "x" });
});
