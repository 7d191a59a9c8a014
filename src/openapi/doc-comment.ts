/**
 * A handler's doc comment, FastAPI's docstring: a `/** … *\/` block that opens the function body. Only where the
 * runtime keeps comments in `Function.prototype.toString` (plain JavaScript, Node's own type stripping); loaders
 * that minify comments away (esbuild, as tsx uses it) leave nothing to read, and the description is then omitted.
 */
export function handlerDocComment(handler: Function): string | undefined {
  let source: string;
  try {
    source = Function.prototype.toString.call(handler);
  } catch {
    return undefined;
  }
  const body = bodyStart(source);
  const match = body === -1 ? null : /^\{\s*\/\*\*([\s\S]*?)\*\//.exec(source.slice(body));
  if (!match) return undefined;
  const text = match[1]
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, "").trimEnd())
    .join("\n")
    .trim();
  return text || undefined;
}

/** Index of the `{` that opens the body: after the parameter list (which may hold braces and parens) and any `=>`. */
function bodyStart(source: string): number {
  const arrow = source.indexOf("=>");
  const paren = source.indexOf("(");
  let i: number;
  if (paren === -1 || (arrow !== -1 && arrow < paren)) {
    if (arrow === -1) return -1;
    i = arrow;
  } else {
    let depth = 0;
    for (i = paren; i < source.length; i++) {
      if (source[i] === "(") depth++;
      else if (source[i] === ")" && --depth === 0) break;
    }
    i++;
  }
  while (/\s/.test(source[i] ?? "")) i++;
  if (source.startsWith("=>", i)) i += 2;
  while (/\s/.test(source[i] ?? "")) i++;
  return source[i] === "{" ? i : -1;
}
