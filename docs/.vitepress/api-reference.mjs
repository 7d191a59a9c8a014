// Writes docs/api/*.md, the API reference, from the TSDoc of the built declarations (dist/*.d.ts).
// Why not TypeDoc: it runs on the project's TypeScript, and TypeDoc 0.28 supports TypeScript ≤ 6 while Skiff builds
// with TypeScript 7, whose package has no compiler API. API Extractor carries its own TypeScript (6.0) and reads
// .d.ts files, so it works whatever the project compiles with. One page per entry point; run after `npm run build`.
import { mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { ApiModel, ApiItemKind } from "@microsoft/api-extractor-model";

const root = fileURLToPath(new URL("../../", import.meta.url));
const jsonDir = `${root}docs/.vitepress/cache/api`;
const outDir = `${root}docs/api`;

/** The package's entry points: [subpath, dist declaration, page name]. */
export const ENTRY_POINTS = [
  ["skiffjs", "index", "skiffjs"],
  ["skiffjs/testing", "testing/index", "testing"],
  ["skiffjs/broadcast", "broadcast/index", "broadcast"],
  ["skiffjs/client", "client/index", "client"],
];

const SECTIONS = [
  [ApiItemKind.Class, "Classes"],
  [ApiItemKind.Function, "Functions"],
  [ApiItemKind.Variable, "Values"],
  [ApiItemKind.Interface, "Interfaces"],
  [ApiItemKind.TypeAlias, "Types"],
];

function extract(entry, page) {
  const declarations = `${root}dist/${entry}.d.ts`;
  if (!existsSync(declarations)) throw new Error(`${declarations} is missing: run \`npm run build\` first.`);
  const apiJsonFilePath = `${jsonDir}/${page}.api.json`;
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: declarations,
      compiler: { tsconfigFilePath: `${root}tsconfig.build.json` },
      docModel: { enabled: true, apiJsonFilePath },
      apiReport: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        extractorMessageReporting: { default: { logLevel: "none" } },
        tsdocMessageReporting: { default: { logLevel: "none" } },
        compilerMessageReporting: { default: { logLevel: "warning" } },
      },
    },
    configObjectFullPath: `${root}api-extractor.json`,
    packageJsonFullPath: `${root}package.json`,
  });
  const result = Extractor.invoke(config, { localBuild: true, messageCallback: quietVersionNotice });
  if (!result.succeeded) throw new Error(`API Extractor failed on ${declarations}`);
  return new ApiModel().loadPackage(apiJsonFilePath).entryPoints[0];
}

function quietVersionNotice(message) {
  if (message.text.startsWith("Analysis will use the bundled TypeScript")) message.handled = true;
}

/** TSDoc nodes → Markdown. Plain text is escaped so Vue (which compiles each page) sees no markup in it. */
function render(node, inExample = false) {
  switch (node.kind) {
    case "PlainText":
      return inExample ? node.text : escape(node.text);
    case "ErrorText": // TSDoc reads a bare `{` or `>` as a malformed tag: the text is what the author wrote
      return inExample ? node.text : escape(node.text);
    case "EscapedText":
      return inExample ? node.decodedText : escape(node.decodedText);
    case "SoftBreak":
      return inExample ? "\n" : " ";
    case "CodeSpan":
      return `\`${node.code}\``;
    case "LinkTag":
      return `\`${node.linkText ?? node.codeDestination?.memberReferences.map((r) => r.memberIdentifier?.identifier).join(".") ?? node.urlDestination}\``;
    case "FencedCode":
      return `\n\`\`\`${node.language || "ts"}\n${node.code.trimEnd()}\n\`\`\`\n`;
    case "Paragraph":
      return `${node.getChildNodes().map((child) => render(child, inExample)).join("").trim()}\n\n`;
    case "HtmlStartTag":
    case "HtmlEndTag":
      return "";
    default:
      return node.getChildNodes?.().map((child) => render(child, inExample)).join("") ?? "";
  }
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\{\{/g, "&#123;&#123;");

const summaryOf = (item) => (item.tsdocComment ? render(item.tsdocComment.summarySection).trim() : "");

/** `@example` blocks: fenced code is kept; bare lines (the common style in src/) become a TypeScript block. */
function examplesOf(item) {
  const blocks = item.tsdocComment?.customBlocks.filter((block) => block.blockTag.tagName === "@example") ?? [];
  return blocks.map((block) => {
    const text = render(block.content, true).trim();
    return text.includes("```") ? text : `\`\`\`ts\n${text}\n\`\`\``;
  });
}

/** API Extractor renames declarations that clash with globals (`ResponseInit_2`); the package exports the real name. */
const nameOf = (item) => item.displayName.replace(/_\d+$/, "");

function renderItem(item, overloads) {
  const documented = overloads.find((o) => summaryOf(o)) ?? item;
  const lines = [`### ${nameOf(item)}`, "", summaryOf(documented), ""];
  lines.push("```ts", ...overloads.map((o) => o.excerpt.text.trim()), "```", "");
  for (const example of examplesOf(documented)) lines.push("**Example**", "", example, "");
  // Constructors are left out: API Extractor writes "Constructs a new instance…" for the undocumented ones.
  const members = (item.members ?? []).filter((m) => m.kind !== ApiItemKind.Constructor);
  const described = members.filter((m) => summaryOf(m) && !m.displayName.startsWith("__"));
  if (described.length > 0) {
    lines.push("| member | |", "|---|---|");
    for (const member of described) lines.push(`| \`${member.displayName}\` | ${summaryOf(member).replace(/\n+/g, " ").replace(/\|/g, "\\|")} |`);
    lines.push("");
  }
  return lines.join("\n");
}

function renderPage(subpath, entryPoint) {
  const byName = new Map();
  for (const item of entryPoint.members) {
    const key = `${item.kind}:${item.displayName}`;
    byName.set(key, [...(byName.get(key) ?? []), item]);
  }
  const parts = [`# ${subpath}`, "", `Everything \`import { … } from "${subpath}"\` gives, from the TSDoc in Skiff's sources.`, ""];
  const undocumented = [];
  for (const [kind, title] of SECTIONS) {
    const groups = [...byName.values()].filter(([first]) => first.kind === kind).sort(([a], [b]) => nameOf(a).localeCompare(nameOf(b)));
    if (groups.length === 0) continue;
    parts.push(`## ${title}`, "");
    for (const group of groups) {
      parts.push(renderItem(group[0], group));
      if (!group.some((o) => summaryOf(o))) undocumented.push(nameOf(group[0]));
    }
  }
  return { markdown: parts.join("\n"), undocumented };
}

export function writeApiReference() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(jsonDir, { recursive: true });
  const index = ["# API reference", "", "Generated from the TSDoc of every public export, one page per entry point:", ""];
  const undocumented = [];
  for (const [subpath, entry, page] of ENTRY_POINTS) {
    const result = renderPage(subpath, extract(entry, page));
    writeFileSync(`${outDir}/${page}.md`, result.markdown);
    index.push(`- [\`${subpath}\`](./${page}.md)`);
    undocumented.push(...result.undocumented.map((name) => `${subpath}: ${name}`));
  }
  writeFileSync(`${outDir}/index.md`, `${index.join("\n")}\n`);
  return { undocumented };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { undocumented } = writeApiReference();
  console.log(`API reference written to docs/api/ (${undocumented.length} exports without a summary)`);
  if (process.argv.includes("--list-undocumented")) for (const name of undocumented) console.log(`  ${name}`);
}
