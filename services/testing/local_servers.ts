/**
 * Local stand-ins for the external services, for tests and CI: an S3-compatible server (s3rver)
 * and an SMTP sink (smtp-server) that accepts every message. Not used by the app itself.
 *
 * @module
 */
// @ts-types="@types/smtp-server"
import { SMTPServer } from "smtp-server";
import S3rverModule from "s3rver";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

/** A running s3rver. */
export interface S3Sink {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** The bucket created at start. */
  bucket: string;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

/** The parts of s3rver's (untyped) API used here. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (
  options: Record<string, unknown>,
) => S3rverInstance;

/** Options for {@link startS3Sink}. */
export interface S3SinkOptions {
  /** Port (default 0: a free one). */
  port?: number;
  /** Bucket to create (default `kic`). */
  bucket?: string;
  /** Where s3rver keeps objects (default: a new temp dir, removed at close). */
  directory?: string;
}

/**
 * Starts s3rver on 127.0.0.1. Use the access key `S3RVER` / `S3RVER` (other key ids are
 * refused); it does not check signatures.
 */
export async function startS3Sink(
  options: S3SinkOptions = {},
): Promise<S3Sink> {
  const bucket = options.bucket ?? "kic";
  const ownDir = options.directory === undefined;
  const directory = options.directory ??
    await Deno.makeTempDir({ prefix: "kic-s3rver-" });
  const S3rver = S3rverModule as unknown as S3rverConstructor;
  const server = new S3rver({
    port: options.port ?? 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    async close() {
      // Keep-alive sockets from the S3 client would hold close() open.
      server.httpServer?.closeAllConnections?.();
      await server.close();
      if (ownDir) {
        await Deno.remove(directory, { recursive: true }).catch(() => {});
      }
    },
  };
}

/** A message received by the SMTP sink. */
export interface SinkMessage {
  /** Envelope sender (`MAIL FROM`); empty for a null sender. */
  from: string;
  /** Envelope recipients (`RCPT TO`). */
  to: string[];
  /** The raw RFC 5322 message (headers, blank line, body). */
  raw: string;
}

/** A running SMTP sink. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  /** Every message received so far. */
  messages: SinkMessage[];
  /** Resolves with the next message received (or one received already beyond `count`). */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Options for {@link startSmtpSink}. */
export interface SmtpSinkOptions {
  /** Port (default 0: a free one). */
  port?: number;
  /** Called with each message as it arrives. */
  onMessage?: (message: SinkMessage) => void | Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 that accepts all mail, without TLS or auth. */
export async function startSmtpSink(
  options: SmtpSinkOptions = {},
): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    banner: "KIC SMTP sink",
    onData(stream, session, callback) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      stream.on("error", (error: Error) => callback(error));
      stream.on("end", async () => {
        const message: SinkMessage = {
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: new TextDecoder().decode(concat(chunks)),
        };
        messages.push(message);
        try {
          await options.onMessage?.(message);
          callback();
        } catch (error) {
          callback(error as Error);
        }
        for (const wake of waiters.splice(0)) wake();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    const net = server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((net.address() as AddressInfo).port);
    });
  });
  server.on(
    "error",
    (error: Error) => console.error(`SMTP sink error: ${error.message}`),
  );
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `SMTP sink got ${messages.length} of ${count} messages in ${timeoutMs} ms`,
          );
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
      }
      return messages.slice(0, count);
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
