#!/usr/bin/env node
// The `skiff` command: the CLI compiled into dist/. A `.ts` app is loaded through tsx, registered only for it.
import { main } from "../dist/cli/main.js";

await main(process.argv.slice(2));
