// One way to get headless Chromium in tests: Debian's build, flags that keep it off the network. Without Chromium a
// browser test skips with the reason — except where a browser is required (CI=true or SKIFF_REQUIRE_BROWSER=1),
// where the test fails instead.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const required = process.env.CI === "true" || process.env.SKIFF_REQUIRE_BROWSER === "1";
const missing = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

/** The `skip` option for a browser test: a reason to skip, or false (run — and fail if Chromium is missing). */
export const browserSkip: string | false = missing && !required ? missing : false;

export async function launchChromium(): Promise<Browser> {
  if (missing) throw new Error(`${missing}; a browser is required here (CI=true or SKIFF_REQUIRE_BROWSER=1)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}
