#!/usr/bin/env node
// The `skiff` command. Registers the TypeScript loader so apps (and Skiff itself) load as .ts, then runs the CLI.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv.slice(2));
