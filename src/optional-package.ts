import { MissingPackageError } from "./errors.ts";

/**
 * Imports an optional peer dependency (ioredis, chokidar, tsx) the first time a feature needs it, so that
 * `import "skiffjs"` works without it and a missing package is named instead of failing with a resolver error.
 */
export async function importOptional<T>(packageName: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error, packageName)) throw new MissingPackageError(packageName, feature, { cause: error });
    throw error;
  }
}

function isNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String(message).includes(`'${packageName}`);
}
