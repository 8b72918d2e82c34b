/**
 * `Storage` over any S3-compatible service with @aws-sdk/client-s3 (path-style by default).
 *
 * @module
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { StorageConfig } from "./config.ts";
import { logJson, type LogSink, throttledLog } from "./log.ts";
import {
  type Storage,
  StorageUnavailableError,
  type StoredObject,
} from "./storage_interface.ts";
import { withTimeout } from "./timeout.ts";
import { withKeyCheck } from "./storage_key.ts";

/** The S3 part of the config (`S3_ENDPOINT`, `S3_BUCKET`, …). */
export type S3Config = Extract<StorageConfig, { kind: "s3" }>;

/** Options for {@link openS3Storage}. */
export interface S3StorageOptions {
  /** Where warnings go (default: JSON lines). */
  log?: LogSink;
  /** How long open waits for S3 before going on degraded (default 3000 ms). */
  startWaitMs?: number;
  /** First and longest pause between background bucket checks (default 1 s and 30 s). */
  retryMs?: { first: number; max: number };
}

/**
 * Connects to S3 and creates the bucket when it does not exist. When S3 cannot be reached
 * (no answer, or a 5xx) within `startWaitMs`, the storage is returned anyway, degraded: it
 * keeps checking the bucket in the background, `ping()` answers false and calls reject with
 * {@link StorageUnavailableError} until the bucket is there.
 *
 * @throws Error naming the endpoint and bucket when S3 answers with a refusal (4xx: wrong
 * credentials, a bucket owned by someone else), which retrying would not cure
 */
export async function openS3Storage(
  config: S3Config,
  options: S3StorageOptions = {},
): Promise<Storage> {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: {
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
    },
    // Only send checksums where S3 requires them: many S3-compatible servers reject the rest.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // Without these an endpoint that accepts and never answers holds a request for ever.
    requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
  });
  const storage = new S3Storage(client, {
    config,
    log: throttledLog(options.log ?? logJson),
    retryMs: options.retryMs ?? { first: 1000, max: 30_000 },
  });
  try {
    await withTimeout(storage.ensure(), options.startWaitMs ?? 3000, () => {
      throw new StorageUnavailableError("S3 did not answer in time");
    });
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) {
      await storage.close();
      throw error;
    }
    storage.startRetrying(error);
  }
  return withKeyCheck(storage);
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (createError) {
      // Another replica starting at the same time created it first.
      const name = (createError as { name?: string })?.name;
      if (name === "BucketAlreadyOwnedByYou") return;
      if (name !== "BucketAlreadyExists") throw createError;
      // Some servers (s3rver, MinIO) answer this for our own bucket too; on AWS it means
      // another account owns the name. Only a bucket we can reach counts as success.
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    }
  }
}

/** An SDK error as text; HEAD responses carry no body, so add the HTTP status. */
function describe(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode;
  const text = e?.message && e.message !== e.name
    ? `${e.name}: ${e.message}`
    : String(e?.name);
  return status
    ? `${text} (HTTP ${status}${status === 403 ? ", access denied" : ""})`
    : text;
}

/**
 * What a failed bucket check means: S3 out of reach (no HTTP answer, a 5xx, a timeout) gives
 * a {@link StorageUnavailableError}, to wait out; a refusal (4xx) an Error to fix the config.
 */
function classify(error: unknown, config: S3Config): Error {
  const text =
    `Cannot use S3 bucket "${config.bucket}" at ${config.endpoint}: ${
      describe(error)
    }.`;
  if (isUnreachable(error)) {
    return new StorageUnavailableError(text, { cause: error });
  }
  return new Error(
    `${text} Check S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.`,
    { cause: error },
  );
}

/** No HTTP answer (refused, reset, timed out) or a 5xx. */
function isUnreachable(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } })
    ?.$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" ||
    e?.name === "NoSuchBucket" ||
    e?.$metadata?.httpStatusCode === 404;
}

class S3Storage implements Storage {
  readonly kind = "s3" as const;
  #client: S3Client;
  #bucket: string;
  #config: S3Config;
  #log: LogSink;
  #retryMs: { first: number; max: number };
  /** True once the bucket is known to exist. */
  #ready = false;
  #ensuring: Promise<void> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    client: S3Client,
    options: {
      config: S3Config;
      log: LogSink;
      retryMs: { first: number; max: number };
    },
  ) {
    this.#client = client;
    this.#config = options.config;
    this.#bucket = options.config.bucket;
    this.#log = options.log;
    this.#retryMs = options.retryMs;
  }

  /**
   * Checks (creating) the bucket once; concurrent callers share one check. Rejects with
   * {@link StorageUnavailableError} when S3 cannot be reached, or with a plain Error naming
   * the endpoint when S3 refuses.
   */
  ensure(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    this.#ensuring ??= ensureBucket(this.#client, this.#bucket).then(
      () => {
        this.#ready = true;
      },
      (error) => {
        throw classify(error, this.#config);
      },
    ).finally(() => {
      this.#ensuring = null;
    });
    return this.#ensuring;
  }

  /** Checks the bucket in the background, backing off, until it is there or closed. */
  startRetrying(first: unknown): void {
    this.#log(
      "warn",
      "S3 not reachable at start; storage runs degraded until it is",
      {
        endpoint: this.#config.endpoint,
        bucket: this.#bucket,
        error: (first as Error)?.message ?? String(first),
      },
    );
    let pause = this.#retryMs.first;
    const retry = () => {
      this.#retryTimer = setTimeout(async () => {
        if (this.#closed) return;
        try {
          await this.ensure();
          this.#log("info", "S3 reachable; storage is up", {
            bucket: this.#bucket,
          });
        } catch (error) {
          this.#log("warn", "S3 still not reachable", {
            error: (error as Error)?.message ?? String(error),
          });
          pause = Math.min(pause * 2, this.#retryMs.max);
          if (!this.#closed) retry();
        }
      }, pause);
    };
    retry();
  }

  /**
   * Runs one S3 call once the bucket is there (or one check now finds it); S3 out of reach
   * becomes a {@link StorageUnavailableError}.
   */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#ready) await this.ensure();
    try {
      return await fn();
    } catch (error) {
      throw isUnreachable(error) ? classify(error, this.#config) : error;
    }
  }

  async put(
    key: string,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<void> {
    await this.#call(() =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      )
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    return await this.#call(async () => {
      try {
        const result = await this.#client.send(
          new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
        );
        const bytes = result.Body
          ? await result.Body.transformToByteArray()
          : new Uint8Array();
        return {
          bytes: new Uint8Array(bytes),
          contentType: result.ContentType ?? "application/octet-stream",
        };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    });
  }

  async delete(key: string): Promise<void> {
    await this.#call(() =>
      this.#client.send(
        new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }),
      )
    );
  }

  async signedUrl(key: string, expiresInSec = 60): Promise<string> {
    return await getSignedUrl(
      this.#client,
      new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      { expiresIn: expiresInSec },
    );
  }

  async ping(): Promise<boolean> {
    if (!this.#ready) return false;
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#client.destroy();
    return Promise.resolve();
  }
}
