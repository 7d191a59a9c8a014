import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, unlink, type FileHandle } from "node:fs/promises";

/**
 * One request's uploads: the memory budget its files share, and the temp files they spooled to. `dispose` closes
 * and deletes every temp file; it is idempotent and safe to call while a spool is still writing (a spool opened
 * after disposal is refused, so nothing can be created behind it).
 */
export class UploadStore {
  private memoryLeft: number;
  private readonly handles = new Set<FileHandle>();
  private readonly paths = new Set<string>();
  private disposing: Promise<void> | undefined;

  constructor(
    memoryBudget: number,
    private readonly tempDir: string | undefined,
  ) {
    this.memoryLeft = memoryBudget;
  }

  get hasTempFiles(): boolean {
    return this.paths.size > 0;
  }

  /** Takes `bytes` from the shared memory budget, or answers false when they would not fit. */
  reserveMemory(bytes: number): boolean {
    if (bytes > this.memoryLeft) return false;
    this.memoryLeft -= bytes;
    return true;
  }

  releaseMemory(bytes: number): void {
    this.memoryLeft += bytes;
  }

  /** A new, exclusive (0600) temp file, registered for deletion before it exists. */
  async createTempFile(): Promise<{ path: string; handle: FileHandle }> {
    if (this.disposing) throw new Error("Upload store already disposed");
    const path = join(this.tempDir ?? tmpdir(), `skiff-upload-${randomUUID()}`);
    this.paths.add(path);
    const handle = await open(path, "wx", 0o600);
    if (this.disposing) {
      await handle.close();
      await removeFile(path);
      throw new Error("Upload store disposed while a temp file was being created");
    }
    this.handles.add(handle);
    return { path, handle };
  }

  /** Closes a temp file's handle once it is fully written (its path stays registered for deletion). */
  async closeHandle(handle: FileHandle): Promise<void> {
    this.handles.delete(handle);
    await handle.close();
  }

  dispose = (): Promise<void> => (this.disposing ??= this.removeAll());

  private async removeAll(): Promise<void> {
    const handles = [...this.handles];
    this.handles.clear();
    await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
    await Promise.all([...this.paths].map(removeFile));
  }
}

async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
