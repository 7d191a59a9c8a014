// A minimal JSON-RPC (LSP) client for the native TypeScript server (`tsc --lsp --stdio`): enough to open one file
// and time how long its diagnostics take, as an editor would see them.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { message: string };
}

/** Splits the server's stdout into messages framed by `Content-Length` headers. */
function readMessages(child: ChildProcess, onMessage: (message: Message) => void): void {
  let buffer = Buffer.alloc(0);
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      const start = headerEnd + 4;
      if (buffer.length < start + length) return;
      onMessage(JSON.parse(buffer.subarray(start, start + length).toString("utf8")));
      buffer = buffer.subarray(start + length);
    }
  });
}

class Connection {
  private nextId = 1;
  private pending = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>();
  private listeners = new Set<(message: Message) => void>();

  constructor(private child: ChildProcess) {
    readMessages(child, (message) => this.receive(message));
  }

  private receive(message: Message): void {
    if (message.id !== undefined && message.method) {
      // A request from the server (configuration, registerCapability, …): answer with nothing so it never waits.
      this.write({ id: message.id, result: message.method === "workspace/configuration" ? (message.params?.items ?? []).map(() => null) : null });
      return;
    }
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  private write(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    this.write({ id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  notify(method: string, params: unknown): void {
    this.write({ method, params });
  }

  /** Resolves with the first notification `accept` returns a value for. */
  waitFor<T>(accept: (message: Message) => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const listener = (message: Message) => {
        const value = accept(message);
        if (value === undefined) return;
        this.listeners.delete(listener);
        resolve(value);
      };
      this.listeners.add(listener);
    });
  }
}

export interface EditorDiagnostics {
  /** From `didOpen` to the file's diagnostics. */
  seconds: number;
  /** After an edit of the open file (a line appended): the checking an editor redoes as one types. */
  recheckSeconds: number;
  /** Startup and `initialize`, before the file is opened. */
  startSeconds: number;
  /** "pull" (`textDocument/diagnostic`) or "push" (`textDocument/publishDiagnostics`). */
  mode: "pull" | "push";
  diagnostics: { message: string; line: number }[];
}

/**
 * Starts a fresh language server in `projectDir`, opens `file` and times its diagnostics. The server is killed at
 * the end, on failure and on timeout alike.
 */
export async function editorDiagnostics(
  serverCommand: readonly string[],
  projectDir: string,
  file: string,
  timeoutMs = 300_000,
): Promise<EditorDiagnostics> {
  const child = spawn(serverCommand[0]!, serverCommand.slice(1), { cwd: projectDir, stdio: ["pipe", "pipe", "ignore"] });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no diagnostics for ${file} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`language server exited (${code})`))));
  try {
    return await Promise.race([measure(new Connection(child), projectDir, file), timeout, exited]);
  } finally {
    clearTimeout(timer);
    child.removeAllListeners("exit");
    child.kill("SIGKILL");
  }
}

async function measure(connection: Connection, projectDir: string, file: string): Promise<EditorDiagnostics> {
  const started = performance.now();
  const rootUri = pathToFileURL(projectDir).href;
  const init = await connection.request("initialize", {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: "bench" }],
    capabilities: {
      textDocument: {
        diagnostic: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: false },
        synchronization: { didSave: false },
      },
      workspace: { configuration: true, workspaceFolders: true },
    },
  });
  connection.notify("initialized", {});
  const mode = init?.capabilities?.diagnosticProvider ? "pull" : "push";
  const uri = pathToFileURL(file).href;
  const diagnostics = async (): Promise<any[]> => {
    if (mode === "pull") return (await connection.request("textDocument/diagnostic", { textDocument: { uri } }))?.items ?? [];
    return connection.waitFor((m) => (m.method === "textDocument/publishDiagnostics" && m.params?.uri === uri ? m.params.diagnostics : undefined));
  };
  const text = readFileSync(file, "utf8");
  const opened = performance.now();
  connection.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
  const items = await diagnostics();
  const seconds = (performance.now() - opened) / 1000;
  const edited = performance.now();
  connection.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n// edited\n` }] });
  await diagnostics();
  return {
    seconds,
    recheckSeconds: (performance.now() - edited) / 1000,
    startSeconds: (opened - started) / 1000,
    mode,
    diagnostics: items.map((d) => ({ message: String(d.message), line: d.range?.start?.line ?? -1 })),
  };
}
