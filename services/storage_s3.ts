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
import type { Storage, StoredObject } from "./storage_interface.ts";
import { assertValidKey } from "./storage_key.ts";

/** The S3 part of the config (`S3_ENDPOINT`, `S3_BUCKET`, …). */
export type S3Config = Extract<StorageConfig, { kind: "s3" }>;

/**
 * Connects to S3 and creates the bucket when it does not exist.
 *
 * @throws Error naming the endpoint and bucket when S3 cannot be reached
 */
export async function openS3Storage(config: S3Config): Promise<Storage> {
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
  });
  try {
    await ensureBucket(client, config.bucket);
  } catch (error) {
    client.destroy();
    throw new Error(
      `Cannot use S3 bucket "${config.bucket}" at ${config.endpoint}: ${
        describe(error)
      }. ` +
        "Check S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.",
      { cause: error },
    );
  }
  return new S3Storage(client, config.bucket);
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

  constructor(client: S3Client, bucket: string) {
    this.#client = client;
    this.#bucket = bucket;
  }

  async put(
    key: string,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<void> {
    assertValidKey(key);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
      }),
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
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
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.#client.send(
      new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }),
    );
  }

  async signedUrl(key: string, expiresInSec = 60): Promise<string> {
    assertValidKey(key);
    return await getSignedUrl(
      this.#client,
      new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      { expiresIn: expiresInSec },
    );
  }

  async ping(): Promise<boolean> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.#client.destroy();
    return Promise.resolve();
  }
}
