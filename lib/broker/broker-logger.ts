// Where both brokers report what they drop or retry, and the console fallback when no logger is given.

/** Where a broker reports what it drops or retries; pino's logger has this shape. */
export interface BrokerLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Logs to the console when no logger is given. */
export const consoleBrokerLogger: BrokerLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  info: (obj, msg) => console.info(msg, obj),
};
