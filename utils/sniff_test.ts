import assert from "node:assert/strict";
import {
  checkDocument,
  MAX_DOCUMENT_BYTES,
  sniffDocumentType,
} from "./sniff.ts";

const enc = new TextEncoder();
const bytes = (...parts: (string | number[] | Uint8Array)[]) => {
  const arrays = parts.map((p) =>
    typeof p === "string" ? enc.encode(p) : Uint8Array.from(p)
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  arrays.reduce((at, a) => (out.set(a, at), at + a.length), 0);
  return out;
};

const PDF = bytes(
  "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
);
const APP0 = bytes([0xff, 0xe0, 0, 16], "JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0]);
const SOS = bytes([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0]);
const SCAN = bytes([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]);
const JPEG = bytes([0xff, 0xd8], APP0, SOS, SCAN, [0xff, 0xd9]);
/** An EXIF segment whose thumbnail has its own SOI … EOI. */
const APP1_THUMB = bytes(
  [0xff, 0xe1, 0, 14],
  "Exif\0\0",
  [0xff, 0xd8, 0xff, 0xd9, 0, 0],
);
const PNG = bytes(
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
  "IHDR",
  [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89],
  [0, 0, 0, 0],
  "IEND",
  [0xae, 0x42, 0x60, 0x82],
);

Deno.test("complete PDF, JPEG and PNG files are recognised by content", () => {
  assert.equal(sniffDocumentType(PDF), "application/pdf");
  assert.equal(sniffDocumentType(JPEG), "image/jpeg");
  assert.equal(sniffDocumentType(PNG), "image/png");
  assert.deepEqual(checkDocument(PNG), { ok: true, type: "image/png" });
  // A camera trailer after EOI and an EXIF thumbnail before the scan are fine.
  const camera = bytes(
    [0xff, 0xd8],
    APP1_THUMB,
    APP0,
    SOS,
    SCAN,
    [0xff, 0xd9],
    "trailer",
  );
  assert.equal(sniffDocumentType(camera), "image/jpeg");
  // Line ends or a short trailer after %%EOF keep a PDF complete.
  assert.equal(sniffDocumentType(bytes(PDF, "\r\n\0\0")), "application/pdf");
});

Deno.test("hostile or broken files are refused with a reason", () => {
  const cases: [string, Uint8Array, string][] = [
    ["empty", new Uint8Array(), "empty"],
    ["truncated PDF", PDF.subarray(0, PDF.length - 8), "truncated"],
    ["truncated PNG", PNG.subarray(0, PNG.length - 12), "truncated"],
    ["truncated JPEG", JPEG.subarray(0, JPEG.length - 2), "truncated"],
    [
      "HTML renamed .png",
      bytes("<!DOCTYPE html><script>alert(1)</script>"),
      "unsupported",
    ],
    [
      "ELF renamed .pdf",
      bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], "%PDF-1.7 %%EOF"),
      "unsupported",
    ],
    ["PE renamed .pdf", bytes("MZ\x90\0", "%PDF-1.4\n%%EOF"), "unsupported"],
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), "unsupported"],
    ["GIF", bytes("GIF89a\x01\0\x01\0"), "unsupported"],
    ["PNG signature only", PNG.subarray(0, 8), "truncated"],
    [
      "JPEG cut in its scan, with a thumbnail's EOI earlier",
      bytes([0xff, 0xd8], APP1_THUMB, APP0, SOS, SCAN),
      "truncated",
    ],
    [
      "JPEG without a scan",
      bytes([0xff, 0xd8], APP0, [0xff, 0xd9]),
      "truncated",
    ],
    [
      "PNG whose IDAT runs past the end (IEND bytes inside)",
      bytes(PNG.subarray(0, 33), [0, 0, 1, 0], "IDAT", PNG.subarray(33)),
      "truncated",
    ],
    [
      "PNG without IHDR first",
      bytes(PNG.subarray(0, 8), PNG.subarray(33)),
      "truncated",
    ],
  ];
  for (const [label, data, problem] of cases) {
    assert.equal(sniffDocumentType(data), null, label);
    assert.deepEqual(checkDocument(data), { ok: false, problem }, label);
  }
});

Deno.test("size limit: 10 MiB passes, one byte more is too large", () => {
  const big = new Uint8Array(MAX_DOCUMENT_BYTES);
  big.set(PDF.subarray(0, 9));
  big.set(enc.encode("%%EOF\n"), big.length - 6);
  assert.deepEqual(checkDocument(big), { ok: true, type: "application/pdf" });
  const over = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
  over.set(big);
  assert.deepEqual(checkDocument(over), { ok: false, problem: "tooLarge" });
  // %%EOF far from the end (a PDF with 2 KiB of junk appended) is not accepted.
  const junk = bytes(PDF, "x".repeat(2048));
  assert.equal(sniffDocumentType(junk), null);
});
