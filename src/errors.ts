/**
 * The base of every error Skiff throws at users: `error instanceof SkiffError` tells Skiff's errors from others,
 * and `code` names the error stably (messages may improve; codes do not change). The WebSocket close errors keep
 * FastAPI's meaning of `code`, the close code (a number).
 * @example
 * try { await broadcast.publish("room", msg); } catch (e) { if (e instanceof SkiffError) log.warn(e.code); }
 */
export class SkiffError<Code extends string | number = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option given to Skiff is invalid: thrown where the option is given (`new App()`, `app.get()`, …). */
export class SkiffOptionError extends SkiffError {
  constructor(message: string) {
    super("SKIFF_INVALID_OPTION", message);
  }
}

/** An optional package a feature needs is not installed; the message names the package and the feature. */
export class MissingPackageError extends SkiffError {
  readonly packageName: string;

  constructor(packageName: string, feature: string, options?: { cause?: unknown }) {
    super("SKIFF_MISSING_PACKAGE", `${feature} needs the "${packageName}" package: npm install ${packageName}`, options);
    this.packageName = packageName;
  }
}
