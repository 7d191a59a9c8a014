import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";

type Doc = { [key: string]: any };

/** `openapiVersion` is not in AppOptions' type yet: passed the way a JavaScript user would. */
function appWithVersion(openapiVersion: string): App {
  return new App({ title: "Legacy", openapiVersion } as ConstructorParameters<typeof App>[0]);
}

test("openapiVersion 3.0.3 rewrites 2020-12 schema spellings into OpenAPI 3.0's dialect", () => {
  const Owner = t.Object({ name: t.String() }, { $id: "Owner" });
  const Pet = t.Object(
    {
      kind: t.Literal("dog"),
      nickname: t.Union([t.String(), t.Null()]),
      owner: t.Union([Owner, t.Null()]),
      weight: t.Number({ exclusiveMinimum: 0, examples: [12.5] }),
      tags: t.Union([t.Array(t.String()), t.Integer(), t.Null()]),
    },
    { $id: "Pet" },
  );
  const app = appWithVersion("3.0.3").post("/pets", { body: Pet, query: { q: t.Union([t.String(), t.Null()]) } }, function addPet() {
    return 1;
  });
  const doc: Doc = app.openapi();
  assert.equal(doc.openapi, "3.0.3");
  assert.deepEqual(doc.components.schemas.Pet.properties, {
    kind: { type: "string", enum: ["dog"] },
    nickname: { type: "string", nullable: true },
    owner: { allOf: [{ $ref: "#/components/schemas/Owner" }], nullable: true },
    weight: { type: "number", minimum: 0, exclusiveMinimum: true, example: 12.5 },
    tags: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "integer" }], nullable: true },
  });
  assert.deepEqual(doc.paths["/pets"].post.parameters[0].schema, { type: "string", nullable: true, title: "Q" });
  assert.deepEqual(doc.components.schemas.ValidationError.properties.loc, {
    items: { anyOf: [{ type: "string" }, { type: "integer" }] },
    type: "array",
    title: "Location",
  });
});

test("3.0.3 has no tuples or pattern properties: arrays of the members and additionalProperties instead", () => {
  const doc: Doc = appWithVersion("3.0.3")
    .post("/x", { body: t.Object({ pair: t.Tuple([t.String(), t.Number()]), counts: t.Record(t.String(), t.Integer()) }) }, () => 1)
    .openapi();
  assert.deepEqual(doc.paths["/x"].post.requestBody.content["application/json"].schema.properties, {
    pair: { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }] }, minItems: 2, maxItems: 2 },
    counts: { type: "object", additionalProperties: { type: "integer" } },
  });
});

test("the same app documents 3.1.0 by default, with the 2020-12 spellings untouched", () => {
  const app = new App().get("/x", { query: { q: t.Union([t.String(), t.Null()]) } }, () => 1);
  const doc: Doc = app.openapi();
  assert.equal(doc.openapi, "3.1.0");
  assert.deepEqual(doc.paths["/x"].get.parameters[0].schema, { anyOf: [{ type: "string" }, { type: "null" }], title: "Q" });
});

test("an unknown openapiVersion is refused with the supported ones, where the app is made", () => {
  assert.throws(() => appWithVersion("2.0"), /option "openapiVersion" must be one of "3.1.0", "3.0.3" \(got "2.0"\)/);
});
