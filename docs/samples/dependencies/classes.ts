import { App, Depends, t } from "skiffjs";

const fakeItems = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

// FastAPI's `Depends(CommonQueryParams)`: the dependency declares the parameters and returns an instance.
class CommonQueryParams {
  constructor(
    readonly q: string | undefined,
    readonly skip: number,
    readonly limit: number,
  ) {}

  page<T>(all: readonly T[]): T[] {
    return all.slice(this.skip, this.skip + this.limit);
  }
}

const commons = Depends(
  { query: { q: t.Optional(t.String()), skip: t.Integer({ default: 0 }), limit: t.Integer({ default: 100 }) } },
  ({ query }) => new CommonQueryParams(query.q, query.skip, query.limit),
);

// FastAPI's parameterized dependency (an instance with `__call__`): an instance that holds its settings and builds
// its dependency once, in the constructor. Each `Depends` is one dependency: create it once, use it everywhere.
class FixedContentQueryChecker {
  readonly dependency;

  constructor(readonly fixedContent: string) {
    this.dependency = Depends({ query: { q: t.String({ default: "" }) } }, ({ query }) => this.check(query.q));
  }

  check(q: string): boolean {
    return q.includes(this.fixedContent);
  }
}

const checker = new FixedContentQueryChecker("bar");

// The same without a class: a function that returns a dependency.
const requireHeader = (name: string, value: string) =>
  Depends({ headers: { [name]: t.Optional(t.String()) } }, ({ headers }) => headers[name] === value);
const fromMobileApp = requireHeader("x-client", "mobile");

export const app = new App()
  .get("/items", { deps: { commons } }, ({ deps }) => ({ q: deps.commons.q, items: deps.commons.page(fakeItems) }))
  .get("/query-checker", { deps: { fixedContentIncluded: checker.dependency } }, ({ deps }) => ({
    fixed_content_in_query: deps.fixedContentIncluded,
  }))
  .get("/client", { deps: { mobile: fromMobileApp } }, ({ deps }) => ({ mobile: deps.mobile }));
