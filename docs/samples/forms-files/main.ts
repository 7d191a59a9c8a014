import { App, t } from "skiffjs";

export const app = new App()
  // FastAPI's `Form()`: an application/x-www-form-urlencoded (or multipart) body, validated like JSON, given as `body`.
  .post("/login", { form: t.Object({ username: t.String(), password: t.String({ minLength: 8 }) }) }, ({ body }) => ({
    username: body.username,
  }))
  // FastAPI's `UploadFile`: a multipart file, with a size and type checked before the handler runs.
  .post(
    "/files",
    {
      files: { file: t.File({ maxSize: 1_000_000, contentType: ["text/plain", "text/csv"] }) },
      form: t.Object({ note: t.Optional(t.String()) }),
    },
    async ({ files, body }) => ({
      filename: files.file.filename,
      contentType: files.file.contentType,
      size: files.file.size,
      firstLine: (await files.file.text()).split("\n")[0],
      note: body.note,
    }),
  )
  // Several files under one name.
  .post("/uploads", { files: { docs: t.Array(t.File()) } }, ({ files }) => ({ names: files.docs.map((f) => f.filename) }));
