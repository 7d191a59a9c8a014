import { App } from "skiffjs";

export const app = new App().get("/files/{file_path:path}", ({ path }) => ({ file_path: path.file_path }));
