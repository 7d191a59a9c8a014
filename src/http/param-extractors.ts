import type { ParamShape } from "../params/schema.ts";
import { compileShape } from "../params/validator.ts";
import type { ValidationIssue } from "../params/issues.ts";
import type { HTTPConnection } from "./connection.ts";

/** Where validated params go: the handler's context (HTTP) or the WebSocket route's context. */
export interface ParamTarget {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
}

/** One compiled step: validate one location of the request into the target, collecting issues. */
export type Extractor = (target: ParamTarget, request: HTTPConnection, issues: ValidationIssue[]) => void;

/** The params one route or dependency declares, per location. */
export interface Shapes {
  path?: ParamShape;
  query?: ParamShape;
  headers?: ParamShape;
  cookies?: ParamShape;
}

/** One extractor per declared location, in FastAPI's order: path, query, header, cookie. */
export function compileExtractors(shapes: Shapes): Extractor[] {
  const extractors: Extractor[] = [];
  if (shapes.path) {
    const validate = compileShape("path", shapes.path);
    const rawOf = (request: HTTPConnection): Record<string, string> => {
      const raw: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.pathParams)) raw[name] = String(value);
      return raw;
    };
    extractors.push((ctx, request, issues) => {
      const result = validate(rawOf(request));
      if (result.ok) ctx.path = { ...ctx.path, ...result.value };
      else issues.push(...result.issues);
    });
  }
  if (shapes.query) {
    const validate = compileShape("query", shapes.query);
    extractors.push((ctx, request, issues) => {
      const result = validate(request.queryObject);
      if (result.ok) ctx.query = result.value;
      else issues.push(...result.issues);
    });
  }
  if (shapes.headers) {
    const validate = compileShape("header", shapes.headers);
    extractors.push((ctx, request, issues) => {
      const result = validate(request.head.headers);
      if (result.ok) ctx.headers = result.value;
      else issues.push(...result.issues);
    });
  }
  if (shapes.cookies) {
    const validate = compileShape("cookie", shapes.cookies);
    extractors.push((ctx, request, issues) => {
      const result = validate(request.cookies);
      if (result.ok) ctx.cookies = result.value;
      else issues.push(...result.issues);
    });
  }
  return extractors;
}
