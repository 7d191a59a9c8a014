import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRunArgs } from "../../src/cli/args.ts";

test("run options: uvicorn's defaults, flags win over SKIFF_HOST/SKIFF_PORT/PORT", () => {
  assert.deepEqual(
    { ...parseRunArgs(["main.ts:app"], {}) },
    {
      target: "main.ts:app",
      host: "127.0.0.1",
      port: 8000,
      reload: false,
      reloadDirs: [],
      workers: 1,
      logLevel: "info",
      ...pickExtras(parseRunArgs(["main.ts:app"], {})),
    },
  );
  assert.equal(parseRunArgs(["main.ts"], { PORT: "9001" }).port, 9001);
  assert.equal(parseRunArgs(["main.ts"], { PORT: "9001", SKIFF_PORT: "9002" }).port, 9002);
  assert.equal(parseRunArgs(["main.ts", "--port", "9003"], { PORT: "9001" }).port, 9003);
  assert.equal(parseRunArgs(["main.ts"], { SKIFF_HOST: "0.0.0.0", HOST: "myhostname" }).host, "0.0.0.0");
  assert.equal(parseRunArgs(["main.ts"], { HOST: "myhostname" }).host, "127.0.0.1");
  assert.throws(() => parseRunArgs(["main.ts"], { PORT: "http" }), /PORT must be an integer from 0 to 65535/);
  assert.throws(() => parseRunArgs(["main.ts", "--port", "99999"], {}), /--port must be an integer from 0 to 65535 \(got "99999"\)/);
  assert.throws(() => parseRunArgs(["main.ts", "--nope"], {}), /Unknown option --nope/);
  assert.throws(() => parseRunArgs([], {}), /Missing the app to run/);
});

function pickExtras(args: object): object {
  const known = new Set(["target", "host", "port", "reload", "reloadDirs", "workers", "logLevel"]);
  return Object.fromEntries(Object.entries(args).filter(([k]) => !known.has(k)));
}
