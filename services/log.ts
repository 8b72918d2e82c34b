/**
 * One-line JSON logging for the service layer (one object per line on stdout/stderr).
 *
 * @module
 */

/** Log levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Writes one log line; the default writes JSON to the console. */
export type LogSink = (
  level: LogLevel,
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** Writes `{"time":…,"level":…,"msg":…,…fields}` as one line (errors and warnings to stderr). */
export const logJson: LogSink = (level, msg, fields = {}) => {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...fields,
  });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
};

/** A sink that drops everything (tests). */
export const logNothing: LogSink = () => {};

/**
 * Wraps a sink so that the same message is written at most once per `intervalMs`
 * (e.g. a reconnecting client that fails every 200 ms).
 */
export function throttledLog(sink: LogSink, intervalMs = 30_000): LogSink {
  const last = new Map<string, number>();
  return (level, msg, fields) => {
    const now = Date.now();
    const key = `${level}:${msg}`;
    if ((last.get(key) ?? -Infinity) + intervalMs > now) return;
    last.set(key, now);
    sink(level, msg, fields);
  };
}
