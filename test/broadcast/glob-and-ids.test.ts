import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { escapeGlob, globMatcher } from "../../src/broadcast/glob.ts";
import { compareEventIds, createIdGenerator, normalizeEventId } from "../../src/broadcast/ids.ts";

describe("Redis-style glob patterns", () => {
  const cases: [pattern: string, matches: string[], misses: string[]][] = [
    ["room:*", ["room:", "room:a", "room:a:b"], ["room", "xroom:a"]],
    ["user:?", ["user:1"], ["user:", "user:12"]],
    ["h[ae]llo", ["hallo", "hello"], ["hillo"]],
    ["h[^e]llo", ["hallo"], ["hello"]],
    ["v[0-9]", ["v0", "v9"], ["va"]],
    ["a\\*b", ["a*b"], ["axb"]],
    ["x.y(z)+", ["x.y(z)+"], ["xxy(z)"]],
    ["[unclosed", ["[unclosed"], ["u"]],
  ];
  for (const [pattern, matches, misses] of cases) {
    test(pattern, () => {
      const match = globMatcher(pattern);
      for (const channel of matches) assert.ok(match(channel), `${pattern} should match ${channel}`);
      for (const channel of misses) assert.ok(!match(channel), `${pattern} should not match ${channel}`);
    });
  }

  test("escapeGlob makes a prefix literal", () => {
    assert.ok(globMatcher(`${escapeGlob("a*[b]?")}*`)("a*[b]?x"));
    assert.ok(!globMatcher(`${escapeGlob("a*")}*`)("abc"));
  });
});

describe("event ids", () => {
  test("compare numerically, not as text", () => {
    assert.ok(compareEventIds("9-0", "10-0") < 0);
    assert.ok(compareEventIds("5-10", "5-9") > 0);
    assert.equal(compareEventIds("5-0", "5"), 0);
    assert.equal(normalizeEventId("0007"), "7-0");
  });

  test("the generator increases strictly even when the clock stalls or goes back", () => {
    const clock = [100, 100, 99, 101];
    const next = createIdGenerator(() => clock.shift()!);
    assert.deepEqual([next(), next(), next(), next()], ["100-0", "100-1", "100-2", "101-0"]);
  });
});
