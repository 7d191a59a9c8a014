import { App, cors } from "skiffjs";

// The front ends that may call this API from a browser: scheme, host and port, exactly as the browser sends them.
const origins = ["http://localhost", "http://localhost:8080", "https://shop.example"];

export const app = new App()
  .get("/", () => ({ message: "Hello World" }))
  .get("/items", ({ response }) => {
    response.headers.set("x-total-count", "2");
    return [{ name: "Foo" }, { name: "Bar" }];
  });

// Added first, so it runs outermost and sees every request.
app.use(
  cors({
    allowOrigins: origins,
    allowOriginRegex: "https://[a-z0-9-]+\\.preview\\.shop\\.example", // every preview deployment
    allowCredentials: true, // cookies and Authorization headers cross origins
    allowMethods: ["*"],
    allowHeaders: ["*"],
    exposeHeaders: ["x-total-count"], // a header the page's script may read
  }),
);
