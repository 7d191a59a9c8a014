import { createRequire } from "node:module";

/**
 * Loads one of Skiff's CommonJS dependencies (find-my-way, pino, cookie, busboy, ws, light-my-request) with `require`
 * rather than `import`. Node 20 takes a CommonJS package imported from an ES module through its ES module loader,
 * file by file: find-my-way alone added about 100 ms of CPU to a start, against 40 through `require` (bench
 * scenario 8, CPU time to the first 200). Bun and Deno provide `createRequire` too.
 */
export const requireDependency = createRequire(import.meta.url);
