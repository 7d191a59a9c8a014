import { App, t } from "skiffjs";

export const app = new App({
  title: "ChimichangApp",
  version: "0.0.1",
  description: "ChimichangApp API helps you do awesome stuff. 🚀\n\n## Items\n\nYou can **read items**.",
  docsUrl: "/documentation", // Swagger UI moves here
  redocUrl: null, // ReDoc is turned off
  openapiUrl: "/api/v1/openapi.json",
  servers: [{ url: "https://stag.example.com", description: "Staging environment" }],
})
  .get(
    "/items/{item_id}",
    {
      tags: ["items"],
      summary: "Read one item",
      description: "Every field of the item, with its **tags**.",
      query: { q: t.Optional(t.String({ description: "Filter the tags", examples: ["fun"] })) },
      responses: { 404: t.Object({ detail: t.String() }, { description: "No such item" }) },
    },
    ({ path }) => ({ item_id: path.item_id, tags: ["fun"] }),
  )
  .get("/legacy", { tags: ["items"], deprecated: true }, () => ({ ok: true }))
  .get("/internal", { includeInSchema: false }, () => ({ ok: true }));
