import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { App, t } from "skiffjs";
import { buildShopApp } from "./shop-app.ts";
import { asyncapiProblems, assertValidAsyncAPI, assertValidOpenAPI, openapiProblems } from "./validators.ts";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

test("the shop's OpenAPI 3.1 and 3.0.3 documents pass the OpenAPI schema validator", async () => {
  await assertValidOpenAPI(buildShopApp().openapi());
  await assertValidOpenAPI(buildShopApp({ openapiVersion: "3.0.3" } as ConstructorParameters<typeof App>[0]).openapi());
  await assertValidOpenAPI(buildShopApp({ rootPath: "/api", servers: [{ url: "https://shop.example" }] }).openapi());
});

test("the shop's AsyncAPI 3.0 document passes the AsyncAPI parser with no error or warning", async () => {
  await assertValidAsyncAPI(buildShopApp().asyncapi());
  await assertValidAsyncAPI(buildShopApp({ servers: [{ url: "https://shop.example/api" }] }).asyncapi());
  await assertValidAsyncAPI(new App().asyncapi());
});

test("every example app's documents pass both validators", async () => {
  const apps = readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${EXAMPLES}${entry.name}/main.ts`))
    .map((entry) => entry.name);
  assert.ok(apps.includes("hello"), `examples found: ${apps.join(", ")}`);
  for (const name of apps) {
    const module = (await import(pathToFileURL(`${EXAMPLES}${name}/main.ts`).href)) as { app?: App<any, any> };
    assert.ok(module.app instanceof App, `examples/${name}/main.ts exports an App named "app"`);
    await assertValidOpenAPI(module.app.openapi());
    await assertValidAsyncAPI(module.app.asyncapi());
  }
});

test("the validators are not vacuous: each rejects a broken document", async () => {
  const openapi = structuredClone(buildShopApp().openapi()) as any;
  openapi.paths["/items"].post.responses["201"].content["application/json"].schema = { $ref: "#/components/schemas/Nope" };
  assert.notDeepEqual(await openapiProblems(openapi), []);
  delete openapi.info;
  assert.notDeepEqual(await openapiProblems(openapi), []);

  const asyncapi = structuredClone(buildShopApp().asyncapi()) as any;
  asyncapi.operations.receive_ws_chat_room.messages.push({ $ref: "#/channels/ws_echo/messages/message" });
  assert.notDeepEqual(await asyncapiProblems(asyncapi), []);
  const noAddressParam = structuredClone(buildShopApp().asyncapi()) as any;
  noAddressParam.channels.ws_chat_room.parameters = { other: {} };
  assert.notDeepEqual(await asyncapiProblems(noAddressParam), []);
});

test("schemas of every kind Skiff documents stay valid OpenAPI in both versions", async () => {
  const build = (openapiVersion: string) =>
    new App({ openapiVersion } as ConstructorParameters<typeof App>[0]).post(
      "/everything",
      {
        body: t.Object({
          tuple: t.Tuple([t.String(), t.Number()]),
          record: t.Record(t.String(), t.Integer()),
          choice: t.Union([t.Literal("a"), t.Literal("b")]),
          maybe: t.Optional(t.Union([t.String(), t.Null()])),
          nested: t.Array(t.Object({ at: t.String({ format: "date-time" }) })),
        }),
        response: t.Union([t.Object({ ok: t.Boolean() }), t.Null()]),
      },
      () => null,
    );
  await assertValidOpenAPI(build("3.1.0").openapi());
  await assertValidOpenAPI(build("3.0.3").openapi());
});
