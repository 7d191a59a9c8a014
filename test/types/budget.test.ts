// A budget on type-checking a 200-route app and its typed client as users get Skiff: against its emitted
// declarations. Instantiation counts are exact and repeat run to run, so the budget sits just above today's count
// and a change that makes routes or client calls dearer fails here; bench/types/ compares with Hono and Elysia.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { typeCheck } from "../../bench/types/measure.ts";
import { createWorkspace, type Workspace } from "../../bench/types/workspace.ts";
import { generateBudgetFixture, ROUTES } from "../client/budget-fixture.ts";

const fixture = new URL("./client-budget.ts", import.meta.url);
const helpers = new URL("./helpers.ts", import.meta.url);
/**
 * Measured at 123,753 with TypeScript 7.0.2 (one checker) once routes stopped re-instantiating the route union and
 * client calls stopped computing every route's input; the same app and client cost 0.40M over a one-route baseline
 * before. Raise it only for a reason worth its cost.
 */
const INSTANTIATION_BUDGET = 136_000;

let workspace: Workspace;
before(() => {
  workspace = createWorkspace();
});
after(() => workspace?.dispose());

test("the committed 200-route fixture is what the generator makes", () => {
  assert.equal(readFileSync(fixture, "utf8"), generateBudgetFixture(), "run: node --import tsx test/client/budget-fixture.ts");
});

test(`type-checking ${ROUTES} routes and a typed client stays within budget`, (t) => {
  const project = workspace.project("budget", { "client-budget.ts": readFileSync(fixture, "utf8"), "helpers.ts": readFileSync(helpers, "utf8") });
  // One checker: with several, how files are shared among them changes the count.
  const check = typeCheck(project, ["--singleThreaded"]);
  assert.deepEqual(check.errors, [], "the fixture must type-check without errors");
  t.diagnostic(`${ROUTES} routes + client: ${check.instantiations} instantiations, ${check.types} types, check ${check.checkSeconds}s`);
  assert.ok(check.instantiations < INSTANTIATION_BUDGET, `${check.instantiations} instantiations (budget ${INSTANTIATION_BUDGET})`);
});
