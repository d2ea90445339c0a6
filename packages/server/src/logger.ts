/** The few log calls the server makes; pass your own to route them elsewhere. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  // eslint-disable-next-line no-console -- the default logger: information goes to stdout
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error ?? ''),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
