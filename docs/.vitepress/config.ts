// The docs site. Everything it needs is built into the output: the theme's fonts, the local search index, the
// highlighter's output. No page asks any other host for anything (test/docs/site.test.ts checks it in Chromium).
import { existsSync } from "node:fs";
import { defineConfig, type DefaultTheme } from "vitepress";

const docsRoot = new URL("../", import.meta.url);
/** A page another branch adds may not be here yet: link it only when it exists, so the build never has a dead link. */
const ifPresent = (item: DefaultTheme.SidebarItem & { link: string }) =>
  existsSync(new URL(`.${item.link}.md`, docsRoot)) ? [item] : [];

const tutorial: DefaultTheme.SidebarItem[] = [
  { text: "First steps", link: "/tutorial/first-steps" },
  { text: "Path parameters", link: "/tutorial/path-params" },
  { text: "Query parameters and validation", link: "/tutorial/query-params" },
  { text: "Request body", link: "/tutorial/body" },
  { text: "Several parameters, fields and nested models", link: "/tutorial/body-nested" },
  { text: "Cookies and headers", link: "/tutorial/cookies-headers" },
  { text: "Response model", link: "/tutorial/response-model" },
  { text: "Status codes", link: "/tutorial/status-codes" },
  { text: "Handling errors", link: "/tutorial/handling-errors" },
  { text: "Dependencies", link: "/tutorial/dependencies" },
  { text: "Security", link: "/tutorial/security" },
  { text: "Middleware and CORS", link: "/tutorial/middleware" },
  { text: "Bigger applications", link: "/tutorial/bigger-applications" },
  { text: "Background tasks", link: "/tutorial/background-tasks" },
  { text: "Testing", link: "/tutorial/testing" },
];

const skiff: DefaultTheme.SidebarItem[] = [
  { text: "WebSockets", link: "/websockets" },
  { text: "Security and limits", link: "/security" },
  ...ifPresent({ text: "Coming from FastAPI", link: "/fastapi-differences" }),
  { text: "Architecture notes", link: "/architecture" },
];

export default defineConfig({
  title: "Skiff",
  description: "FastAPI for TypeScript: typed HTTP routes, validation, dependency injection, OpenAPI and WebSockets.",
  lang: "en",
  cleanUrls: false,
  lastUpdated: false,
  srcExclude: ["samples/**"],
  themeConfig: {
    nav: [
      { text: "Tutorial", link: "/tutorial/first-steps" },
      { text: "Security and limits", link: "/security" },
    ],
    sidebar: [
      { text: "Tutorial — User Guide", items: tutorial },
      { text: "Skiff", items: skiff },
    ],
    search: { provider: "local" },
    outline: { level: [2, 3] },
  },
});
