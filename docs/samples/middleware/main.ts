import { App, gzip, type Middleware } from "skiffjs";

// FastAPI's `@app.middleware("http")`: gets the request and `next`, returns the response.
const processTime: Middleware = async (request, next) => {
  const started = performance.now();
  const response = await next(request);
  response.headers.set("x-process-time", ((performance.now() - started) / 1000).toFixed(6));
  return response;
};

export const app = new App()
  .get("/", () => ({ message: "Hello World" }))
  .get("/report", () => ({ rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `row ${i}` })) }));

// The first added runs outermost: the timing includes the compression.
app.use(processTime, gzip({ minimumSize: 500 }));
