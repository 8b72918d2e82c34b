import assert from "node:assert/strict";
import {
  openStorage,
  type Storage,
  StorageUnavailableError,
} from "./storage.ts";
import { storageContract } from "./testing/storage_contract.ts";
import {
  folderSignature,
  folderSignedUrl,
  openFolderStorage,
  type SignedFolderLink,
  verifyFolderSignature,
} from "./storage_folder.ts";
import { openS3Storage } from "./storage_s3.ts";
import { startS3Sink } from "./testing/local_servers.ts";
import { testConfig } from "./testing/mod.ts";

const SECRET = "test-secret-0123456789-0123456789-abcdef";

/** Reads a folder signed URL the way the /files route will: check, then get. */
async function readFolderUrl(
  storage: Storage,
  url: string,
): Promise<Uint8Array | null> {
  const parsed = new URL(url, "http://localhost");
  assert.ok(parsed.pathname.startsWith("/files/"));
  const key = parsed.pathname.slice("/files/".length).split("/").map(
    decodeURIComponent,
  )
    .join("/");
  const ok = verifyFolderSignature(SECRET, {
    key,
    exp: parsed.searchParams.get("exp") ?? "",
    sig: parsed.searchParams.get("sig") ?? "",
  });
  if (!ok) return null;
  return (await storage.get(key))?.bytes ?? null;
}

storageContract("folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kic-objects-" });
  return {
    storage: await openFolderStorage({ dir, secret: SECRET }),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}, { readSigned: readFolderUrl });

storageContract(
  "s3 (s3rver)",
  async () => {
    const sink = await startS3Sink({ bucket: "kic-contract" });
    // Open with a bucket that does not exist yet, to cover its creation.
    const storage = await openS3Storage({
      kind: "s3",
      endpoint: sink.endpoint,
      bucket: `created-${crypto.randomUUID().slice(0, 8)}`,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
    return { storage, cleanup: () => sink.close() };
  },
  {
    async readSigned(_storage, url) {
      assert.match(
        url,
        /^http:\/\/127\.0\.0\.1:\d+\/created-.*X-Amz-Signature=/,
      );
      const response = await fetch(url);
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  },
  // s3rver starts in ~50 ms in-process, so every run (embedded and KIC_TEST_REAL) covers S3.
);

Deno.test("Storage: folder signed URLs expire and reject tampering", async () => {
  const now = Date.UTC(2025, 0, 1);
  const dir = await Deno.makeTempDir({ prefix: "kic-objects-" });
  const storage = await openFolderStorage({
    dir,
    secret: SECRET,
    now: () => now,
  });
  try {
    const url = await storage.signedUrl("a/b.pdf", 60);
    const exp = Math.floor(now / 1000) + 60;
    assert.equal(
      url,
      `/files/a/b.pdf?exp=${exp}&sig=${
        folderSignature(SECRET, { key: "a/b.pdf", exp })
      }`,
    );
    const sig = new URL(url, "http://x").searchParams.get("sig")!;
    assert.match(sig, /^[A-Za-z0-9_-]{43}$/);
    const link: SignedFolderLink = { key: "a/b.pdf", exp, sig, nowMs: now };
    const verify = (changes: Partial<SignedFolderLink>, secret = SECRET) =>
      verifyFolderSignature(secret, { ...link, ...changes });
    assert.equal(verify({ exp: String(exp) }), true);
    assert.equal(verify({ nowMs: exp * 1000 }), true, "edge");
    const refused: [string, Partial<SignedFolderLink>, string?][] = [
      ["just past the edge", { nowMs: exp * 1000 + 1 }],
      ["expired", { nowMs: now + 61_000 }],
      ["other key", { key: "a/c.pdf" }],
      ["later exp", { exp: exp + 1 }],
      ["other secret", {}, "another-secret"],
      ["exp not in digits", { exp: "1e12" }],
      ["cut signature", { sig: sig.slice(1) }],
      ["empty signature", { sig: "" }],
    ];
    for (const [why, changes, secret] of refused) {
      assert.equal(verify(changes, secret), false, why);
    }
    assert.throws(
      () => folderSignedUrl(SECRET, { key: "../x", exp }),
      /Invalid storage key/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Storage: openStorage uses KIC_DATA_DIR/objects, or S3 when configured", async () => {
  const config = testConfig();
  const folder = await openStorage(config);
  assert.equal(folder.kind, "folder");
  await folder.put("x.txt", new Uint8Array([1]), "text/plain");
  await Deno.stat(`${config.dataDir}/objects/data/x.txt`);
  await folder.close();
  await Deno.remove(config.dataDir, { recursive: true });

  const sink = await startS3Sink();
  const s3Config = testConfig({
    S3_ENDPOINT: sink.endpoint,
    S3_BUCKET: sink.bucket,
  });
  const s3 = await openStorage(s3Config);
  try {
    assert.equal(s3.kind, "s3");
    assert.equal(await s3.ping(), true);
  } finally {
    await s3.close();
    await sink.close();
    await Deno.remove(s3Config.dataDir, { recursive: true });
  }
});

/** A port nothing listens on (taken and released at once). */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("Storage: an unreachable S3 starts degraded, then comes up in the background", async () => {
  const port = closedPort();
  const lines: string[] = [];
  const started = Date.now();
  const storage = await openS3Storage({
    kind: "s3",
    endpoint: `http://127.0.0.1:${port}`,
    bucket: "later",
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  }, {
    log: (_level, msg) => lines.push(msg),
    retryMs: { first: 50, max: 200 },
  });
  let sink: Awaited<ReturnType<typeof startS3Sink>> | undefined;
  try {
    assert.ok(Date.now() - started < 5000, "open waited too long");
    assert.ok(lines.some((l) => l.includes("degraded")), "logged");
    assert.equal(await storage.ping(), false);
    await assert.rejects(
      () => storage.put("a/b.txt", new Uint8Array([1]), "text/plain"),
      (error: Error) => {
        assert.ok(error instanceof StorageUnavailableError);
        assert.match(
          error.message,
          new RegExp(
            `Cannot use S3 bucket "later" at http://127\\.0\\.0\\.1:${port}`,
          ),
        );
        return true;
      },
    );
    await assert.rejects(() => storage.get("a/b.txt"), StorageUnavailableError);
    // Signing needs no round trip, so links can still be made.
    assert.match(await storage.signedUrl("a/b.txt"), /X-Amz-Signature=/);

    sink = await startS3Sink({ port, bucket: "other" });
    const deadline = Date.now() + 10_000;
    while (!await storage.ping()) {
      assert.ok(Date.now() < deadline, "storage never came up");
      await new Promise((r) => setTimeout(r, 50));
    }
    await storage.put("a/b.txt", new Uint8Array([1, 2]), "text/plain");
    assert.deepEqual(
      (await storage.get("a/b.txt"))?.bytes,
      new Uint8Array([1, 2]),
    );
  } finally {
    await storage.close();
    await sink?.close();
  }
});

Deno.test("Storage: replicas opening S3 at once all create the bucket without failing", async () => {
  const sink = await startS3Sink();
  const bucket = `race-${crypto.randomUUID().slice(0, 8)}`;
  const open = () =>
    openS3Storage({
      kind: "s3",
      endpoint: sink.endpoint,
      bucket,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });
  const results = await Promise.allSettled([open(), open(), open()]);
  try {
    for (const result of results) {
      assert.equal(
        result.status,
        "fulfilled",
        result.status === "rejected" ? String(result.reason) : "",
      );
    }
    const [first] = results as PromiseFulfilledResult<Storage>[];
    await first.value.put("x.txt", new Uint8Array([7]), "text/plain");
    assert.equal(await first.value.ping(), true);
  } finally {
    for (const result of results) {
      if (result.status === "fulfilled") await result.value.close();
    }
    await sink.close();
  }
});
