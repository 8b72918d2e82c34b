/**
 * The behaviour every `Storage` implementation must show, as one suite run against each.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Storage } from "../storage.ts";
import type { ContractOptions } from "./mod.ts";

/** Options for {@link storageContract}. */
export interface StorageContractOptions extends ContractOptions {
  /** Fetches a signed URL the way a browser would; null when refused. */
  readSigned: (storage: Storage, url: string) => Promise<Uint8Array | null>;
}

/** Registers the Storage contract. `readSigned` fetches a signed URL the way a browser would. */
export function storageContract(
  name: string,
  open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>,
  options: StorageContractOptions,
): void {
  const { readSigned } = options;
  Deno.test({
    name: `Storage contract: ${name}`,
    ignore: options.ignore ?? false,
    async fn(t) {
      const { storage, cleanup } = await open();
      try {
        await t.step("put and get bytes with their content type", async () => {
          const big = new Uint8Array(256 * 1024);
          for (let i = 0; i < big.length; i += 65536) {
            crypto.getRandomValues(big.subarray(i, i + 65536));
          }
          await storage.put("docs/1/a.bin", big, "application/octet-stream");
          await storage.put(
            "img/photo.png",
            new Uint8Array([137, 80, 78, 71]),
            "image/png",
          );
          const got = await storage.get("docs/1/a.bin");
          assert.ok(got);
          assert.equal(got.contentType, "application/octet-stream");
          assert.deepStrictEqual(got.bytes, big);
          const png = await storage.get("img/photo.png");
          assert.deepStrictEqual(png, {
            bytes: new Uint8Array([137, 80, 78, 71]),
            contentType: "image/png",
          });
        });

        await t.step("overwrite, missing and delete", async () => {
          await storage.put(
            "img/photo.png",
            new TextEncoder().encode("v2"),
            "text/plain",
          );
          const v2 = await storage.get("img/photo.png");
          assert.equal(new TextDecoder().decode(v2!.bytes), "v2");
          assert.equal(v2!.contentType, "text/plain");
          assert.equal(await storage.get("nothing/here.txt"), null);
          await storage.delete("img/photo.png");
          assert.equal(await storage.get("img/photo.png"), null);
          await storage.delete("img/photo.png");
        });

        await t.step(
          "keys that are a prefix of, or run through, another key",
          async () => {
            await storage.put("flat", new Uint8Array([1]), "text/plain");
            assert.equal(await storage.get("flat/under"), null);
            await storage.delete("flat/under");
            await storage.put("tree/leaf", new Uint8Array([2]), "text/plain");
            assert.equal(await storage.get("tree"), null);
            await storage.delete("tree");
            assert.deepStrictEqual(await storage.get("flat"), {
              bytes: new Uint8Array([1]),
              contentType: "text/plain",
            });
            assert.deepStrictEqual(await storage.get("tree/leaf"), {
              bytes: new Uint8Array([2]),
              contentType: "text/plain",
            });
            await storage.delete("flat");
            await storage.delete("tree/leaf");
            assert.equal(await storage.get("flat"), null);
            assert.equal(await storage.get("tree/leaf"), null);
          },
        );

        await t.step("rejects unsafe keys", async () => {
          for (
            const key of [
              "",
              "../etc/passwd",
              "/abs",
              "a//b",
              "a/../b",
              "a\\b",
              "a b",
            ]
          ) {
            await assert.rejects(
              () => storage.put(key, new Uint8Array(), "text/plain"),
              /Invalid storage key/,
              key,
            );
            await assert.rejects(
              () => storage.get(key),
              /Invalid storage key/,
              key,
            );
          }
        });

        await t.step("signed URL reads the object", async () => {
          await storage.put(
            "docs/signed.txt",
            new TextEncoder().encode("서명"),
            "text/plain",
          );
          const url = await storage.signedUrl("docs/signed.txt");
          const bytes = await readSigned(storage, url);
          assert.equal(new TextDecoder().decode(bytes!), "서명");
        });

        await t.step("ping", async () => {
          assert.equal(await storage.ping(), true);
        });
      } finally {
        await storage.close();
        await cleanup();
      }
    },
  });
}
