/**
 * Serving of the `static/` folder: content-hash ETags, 304 responses,
 * content types, immutable caching for `asset()` URLs, no path traversal.
 * @module
 */

import { extname, join, resolve, sep } from "node:path";
import { ASSET_CACHE_PARAM } from "./shared.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".pdf": "application/pdf",
  ".wasm": "application/wasm",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
};

/** Content type for a file name (`application/octet-stream` if unknown). */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/** A static file that exists. */
export interface StaticFile {
  /** Absolute path on disk. */
  path: string;
}

interface Tag {
  mtime: number;
  size: number;
  etag: string;
}

/** Whether an `If-None-Match` header value matches `etag` (weak compare). */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag.replace(/^W\//, "") === bare;
  });
}

/** How long a dev-mode answer about a path is reused before the disk is asked again. */
const DEV_RECHECK_MS = 1000;

/** The static file server for one folder. */
export class StaticFiles {
  #dir: string;
  #buildId: string;
  #dev: boolean;
  #known: Set<string> | null = null;
  #tags = new Map<string, Tag>();
  /** Dev mode: recent answers, so a burst of requests does not stat the disk each time. */
  #recent = new Map<string, { file: StaticFile | null; at: number }>();

  /**
   * @param dir folder to serve
   * @param buildId id that `asset()` puts into URLs
   * @param dev when true the disk is re-checked (at most once a second per
   *   path); otherwise the folder is listed once by {@linkcode StaticFiles.init}
   */
  constructor(dir: string, buildId: string, dev: boolean) {
    this.#dir = resolve(dir);
    this.#buildId = buildId;
    this.#dev = dev;
  }

  /** Lists the folder once (production mode). */
  async init(): Promise<void> {
    if (this.#dev) return;
    const known = new Set<string>();
    const walk = async (rel: string) => {
      let entries: Deno.DirEntry[];
      try {
        entries = await Array.fromAsync(Deno.readDir(join(this.#dir, rel)));
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory) await walk(path);
        else if (entry.isFile) known.add(join(this.#dir, path));
      }
    };
    await walk("");
    this.#known = known;
  }

  /** The file for a URL pathname, or `null` (also for unsafe paths). */
  async lookup(pathname: string): Promise<StaticFile | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes("\0") || decoded.includes("\\")) return null;
    const parts = decoded.split("/").filter((p) => p !== "");
    if (!parts.length || parts.some((p) => p === ".." || p === ".")) {
      return null;
    }
    const path = join(this.#dir, ...parts);
    if (!path.startsWith(this.#dir + sep)) return null;
    if (this.#known) return this.#known.has(path) ? { path } : null;
    const now = Date.now();
    const hit = this.#recent.get(path);
    if (hit && now - hit.at < DEV_RECHECK_MS) return hit.file;
    const file = await this.#check(path);
    if (this.#recent.size > 10_000) this.#recent.clear();
    this.#recent.set(path, { file, at: now });
    return file;
  }

  async #check(path: string): Promise<StaticFile | null> {
    try {
      const [stat, real, realDir] = await Promise.all([
        Deno.stat(path),
        Deno.realPath(path),
        Deno.realPath(this.#dir),
      ]);
      return stat.isFile && real.startsWith(realDir + sep) ? { path } : null;
    } catch {
      return null;
    }
  }

  /** Serves `file` for a GET or HEAD request. */
  async serve(req: Request, url: URL, file: StaticFile): Promise<Response> {
    const body = await Deno.readFile(file.path);
    const stat = await Deno.stat(file.path);
    const mtime = stat.mtime?.getTime() ?? 0;
    let tag = this.#tags.get(file.path);
    if (!tag || tag.mtime !== mtime || tag.size !== body.length) {
      const digest = await crypto.subtle.digest("SHA-256", body);
      const hex = Array.from(
        new Uint8Array(digest).slice(0, 16),
        (b) => b.toString(16).padStart(2, "0"),
      ).join("");
      tag = { mtime, size: body.length, etag: `"${hex}"` };
      this.#tags.set(file.path, tag);
    }
    const immutable = !this.#dev && !!this.#buildId &&
      url.searchParams.get(ASSET_CACHE_PARAM) === this.#buildId;
    const headers = new Headers({
      "etag": tag.etag,
      "cache-control": immutable
        ? "public, max-age=31536000, immutable"
        : "no-cache",
    });
    if (etagMatches(req.headers.get("if-none-match"), tag.etag)) {
      return new Response(null, { status: 304, headers });
    }
    headers.set("content-type", contentType(file.path));
    headers.set("content-length", String(body.length));
    return new Response(req.method === "HEAD" ? null : body, { headers });
  }
}
