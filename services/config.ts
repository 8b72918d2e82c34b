/**
 * Configuration read from environment variables and validated with zod.
 *
 * In `production` every external service must be configured (the loader names every missing
 * variable at once), and migrations connect as another role than the app serves with. In `development` and `test` each service that is not configured falls back
 * to its embedded default: PGlite, an in-process cache, a folder on disk and a log mailer.
 *
 * @module
 */
import { z } from "zod";

/** The three run modes; `KIC_MODE` selects one (default `development`). */
export type Mode = "development" | "production" | "test";

/** Which database backs the app: a PostgreSQL server or an embedded PGlite folder. */
export type DatabaseConfig =
  | {
    readonly kind: "postgres";
    readonly url: string;
    /** How long opening a connection may take (`DATABASE_CONNECT_TIMEOUT_MS`, default 5000). */
    readonly connectTimeoutMs: number;
    /**
     * How long one statement may run (`DATABASE_STATEMENT_TIMEOUT_MS`, default 10000; 0 for
     * no limit). Migrations run without it.
     */
    readonly statementTimeoutMs: number;
    /**
     * The connection migrations run with (`MIGRATION_DATABASE_URL`): the tables' owner, so the
     * serving role (`DATABASE_URL`) need not own them. Unset: migrations use `url`.
     */
    readonly migrationUrl?: string;
  }
  | { readonly kind: "pglite"; readonly dir: string };

/** Cache, locks, pub/sub and rate limits: Redis or an in-process map. */
export type CacheConfig =
  | { readonly kind: "redis"; readonly url: string; readonly keyPrefix: string }
  | { readonly kind: "memory"; readonly keyPrefix: string };

/** Object storage: any S3-compatible endpoint, or a folder on disk. */
export type StorageConfig =
  | {
    readonly kind: "s3";
    readonly endpoint: string;
    readonly bucket: string;
    readonly region: string;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly forcePathStyle: boolean;
  }
  | { readonly kind: "folder"; readonly dir: string };

/** Outgoing e-mail: an SMTP server, or a mailer that only logs. */
export type MailConfig =
  | { readonly kind: "smtp"; readonly url: string; readonly from: string }
  | { readonly kind: "log"; readonly from: string };

/** The validated configuration of one process. */
export interface Config {
  /** Run mode (`KIC_MODE`, default `development`). */
  readonly mode: Mode;
  /** HTTP port (`PORT`, default 8000). */
  readonly port: number;
  /** Port that serves only `/metrics` (`METRICS_PORT`, default 9464). */
  readonly metricsPort: number;
  /** Folder for embedded data (`KIC_DATA_DIR`, default `.data`): `pglite/`, `objects/`. */
  readonly dataDir: string;
  /** Secret for HMACs (signed URLs, tokens); at least 32 characters. */
  readonly appSecret: string;
  /**
   * The key (64 hex characters, 32 bytes) that seals each round's draw secret until the draw
   * (services/secret_box.ts). It is never stored in the database, so a copy of the database
   * alone cannot reveal a secret before its draw.
   */
  readonly drawSecretKey: string;
  /** Public origin without a trailing slash, e.g. `https://kic.example.com`. */
  readonly publicOrigin: string;
  /** How long a pod keeps serving after SIGTERM while readiness fails (ms). */
  readonly drainDelayMs: number;
  /** Whether to trust `X-Forwarded-*` headers from a reverse proxy. */
  readonly trustProxy: boolean;
  /** The database: PostgreSQL or embedded PGlite. */
  readonly database: DatabaseConfig;
  /** The cache: Redis or in-process. */
  readonly cache: CacheConfig;
  /** Object storage: S3-compatible or a folder on disk. */
  readonly storage: StorageConfig;
  /** Outgoing e-mail: SMTP or the log mailer. */
  readonly mail: MailConfig;
  /** Which backend each service uses, for logs and the health page. */
  readonly backends: {
    readonly database: DatabaseConfig["kind"];
    readonly cache: CacheConfig["kind"];
    readonly storage: StorageConfig["kind"];
    readonly mail: MailConfig["kind"];
  };
}

/**
 * The APP_SECRET of test mode when none is set. It is public (it is in the source), so
 * production refuses it; development uses {@link localAppSecret} instead, so that a
 * development server on a laptop does not sign links with a value anyone can read.
 */
export const DEVELOPMENT_APP_SECRET =
  "kic-development-only-secret-NOT-FOR-PRODUCTION-0000";

/**
 * The DRAW_SECRET_KEY of test mode when none is set. Public like {@link DEVELOPMENT_APP_SECRET},
 * so production refuses it; development makes its own with {@link localSecretFile}.
 */
export const DEVELOPMENT_DRAW_SECRET_KEY =
  "6b69632d646576656c6f706d656e742d647261772d6b65792d6e6f742d70726f";

/**
 * The development APP_SECRET: a random value made once per data folder and kept in
 * `<dataDir>/app-secret` (owner-only), so links and device cookies survive a restart but
 * nobody else can mint them.
 *
 * @example
 * ```ts
 * const secret = localAppSecret(".data"); // 64 hex characters, the same on every call
 * ```
 */
export function localAppSecret(dataDir: string): string {
  return localSecretFile(dataDir, "app-secret");
}

/**
 * A random 32-byte value (64 hex) made once per data folder and kept in `<dataDir>/<name>`
 * (owner-only): the development APP_SECRET and DRAW_SECRET_KEY.
 *
 * @example
 * ```ts
 * const key = localSecretFile(".data", "draw-secret-key");
 * ```
 */
export function localSecretFile(dataDir: string, name: string): string {
  const path = joinPath(dataDir, name);
  try {
    const existing = Deno.readTextFileSync(path).trim();
    if (/^[0-9a-f]{64}$/.test(existing)) return existing;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
  Deno.mkdirSync(dataDir, { recursive: true });
  Deno.writeTextFileSync(path, secret + "\n", { mode: 0o600 });
  return secret;
}

const optionalText = z.string().trim().optional().transform((v) =>
  v === "" ? undefined : v
);

const boolText = z.string().trim().toLowerCase().optional().transform(
  (v, ctx) => {
    if (v === undefined || v === "") return undefined;
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off"].includes(v)) return false;
    ctx.addIssue({
      code: "custom",
      message: "must be true/false (or 1/0, yes/no)",
    });
    return z.NEVER;
  },
);

const intText = (min: number, max: number) =>
  z.string().trim().optional().transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: "custom",
        message: `must be a whole number from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return n;
  });

const urlText = (protocols: string[]) =>
  optionalText.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    {
      message: `must be a URL starting with ${
        protocols.map((p) => p + "//").join(" or ")
      }`,
    },
  );

const envSchema = z.object({
  KIC_MODE: z.enum(["development", "production", "test"], {
    message: "must be development, production or test",
  }).optional().default("development"),
  PORT: intText(0, 65535),
  METRICS_PORT: intText(0, 65535),
  KIC_DATA_DIR: optionalText,
  DATABASE_URL: urlText(["postgres:", "postgresql:"]),
  MIGRATION_DATABASE_URL: urlText(["postgres:", "postgresql:"]),
  DATABASE_CONNECT_TIMEOUT_MS: intText(100, 120_000),
  DATABASE_STATEMENT_TIMEOUT_MS: intText(0, 3_600_000),
  REDIS_URL: urlText(["redis:", "rediss:"]),
  REDIS_KEY_PREFIX: z.string().optional(),
  S3_ENDPOINT: urlText(["http:", "https:"]),
  S3_BUCKET: optionalText,
  S3_REGION: optionalText,
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_FORCE_PATH_STYLE: boolText,
  SMTP_URL: urlText(["smtp:", "smtps:"]),
  MAIL_FROM: optionalText,
  APP_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters (try: openssl rand -base64 48)",
  }),
  DRAW_SECRET_KEY: optionalText.refine(
    (v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v),
    { message: "must be 64 hex characters (try: openssl rand -hex 32)" },
  ),
  PUBLIC_ORIGIN: optionalText.refine((v) => v === undefined || isOrigin(v), {
    message:
      "must be an http(s) origin only, like https://kic.example.com (no path)",
  }),
  DRAIN_DELAY_MS: intText(0, 60_000),
  TRUST_PROXY: boolText,
});

// The operational defaults below live here, not in app/constants.ts, because services/ never
// imports app/; app/constants.ts re-exports them for main.ts and the k8s manifests' checks.

/** HTTP port when `PORT` is unset. */
export const DEFAULT_PORT = 8000;

/** Port of the separate `/metrics` listener when `METRICS_PORT` is unset. */
export const DEFAULT_METRICS_PORT = 9464;

/** `DRAIN_DELAY_MS` when unset in production (ms); 0 in the other modes. */
export const PRODUCTION_DRAIN_DELAY_MS = 5000;

/** Environment variables production requires, in the order they are reported. */
export const REQUIRED_IN_PRODUCTION = [
  "DATABASE_URL",
  // The tables' owner, so the serving role (DATABASE_URL) owns nothing and cannot rewrite the
  // audit log (migration 0006).
  "MIGRATION_DATABASE_URL",
  "REDIS_URL",
  "S3_ENDPOINT",
  "S3_BUCKET",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "SMTP_URL",
  "APP_SECRET",
  // Seals each round's draw secret until the draw; never in the database.
  "DRAW_SECRET_KEY",
  "PUBLIC_ORIGIN",
] as const;

/**
 * Reads and validates the configuration.
 *
 * @param env the variables to read (default: the process environment)
 * @throws Error naming every missing or invalid variable
 */
export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) =>
      `  ${i.path.join(".")}: ${i.message}`
    );
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const mode = e.KIC_MODE;
  const production = mode === "production";

  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) =>
      e[name] === undefined
    );
    if (missing.length > 0) {
      throw new Error(
        `Missing configuration for production (KIC_MODE=production): ${
          missing.join(", ")
        }. ` +
          "Set these environment variables, or use KIC_MODE=development for the embedded defaults.",
      );
    }
    if (e.APP_SECRET === DEVELOPMENT_APP_SECRET) {
      throw new Error(
        "APP_SECRET is the public development value; set a random secret for production.",
      );
    }
    if (e.DRAW_SECRET_KEY!.toLowerCase() === DEVELOPMENT_DRAW_SECRET_KEY) {
      throw new Error(
        "DRAW_SECRET_KEY is the public development value; set a random key (openssl rand -hex 32).",
      );
    }
    if (
      new URL(e.MIGRATION_DATABASE_URL!).username ===
        new URL(e.DATABASE_URL!).username
    ) {
      throw new Error(
        "MIGRATION_DATABASE_URL must connect as the tables' owner, another role than DATABASE_URL " +
          "(which serves as a member of kic_app; see k8s/secret.example.yaml).",
      );
    }
    if (!e.PUBLIC_ORIGIN!.startsWith("https://")) {
      throw new Error(
        "PUBLIC_ORIGIN must be https:// in production (the cookies are Secure and __Host-).",
      );
    }
  }

  const port = e.PORT ?? DEFAULT_PORT;
  const dataDir = e.KIC_DATA_DIR ?? ".data";
  const publicOrigin = (e.PUBLIC_ORIGIN ?? `http://localhost:${port}`).replace(
    /\/$/,
    "",
  );
  const keyPrefix = e.REDIS_KEY_PREFIX ?? "kic:";

  const database: DatabaseConfig = e.DATABASE_URL
    ? {
      kind: "postgres",
      url: e.DATABASE_URL,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS ?? 5000,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS ?? 10_000,
      ...(e.MIGRATION_DATABASE_URL
        ? { migrationUrl: e.MIGRATION_DATABASE_URL }
        : {}),
    }
    : { kind: "pglite", dir: joinPath(dataDir, "pglite") };

  const cache: CacheConfig = e.REDIS_URL
    ? { kind: "redis", url: e.REDIS_URL, keyPrefix }
    : { kind: "memory", keyPrefix };

  const storage: StorageConfig = e.S3_ENDPOINT
    ? {
      kind: "s3",
      endpoint: e.S3_ENDPOINT,
      bucket: e.S3_BUCKET ?? "kic",
      region: e.S3_REGION ?? "us-east-1",
      // Outside production an S3 endpoint is usually s3rver, which accepts any credentials.
      accessKeyId: e.S3_ACCESS_KEY_ID ?? "S3RVER",
      secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? "S3RVER",
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? true,
    }
    : { kind: "folder", dir: joinPath(dataDir, "objects") };

  const from = e.MAIL_FROM ??
    `KIC <no-reply@${new URL(publicOrigin).hostname}>`;
  const mail: MailConfig = e.SMTP_URL
    ? { kind: "smtp", url: e.SMTP_URL, from }
    : { kind: "log", from };

  let appSecret = e.APP_SECRET ??
    (mode === "test" ? DEVELOPMENT_APP_SECRET : undefined);
  let drawSecretKey = e.DRAW_SECRET_KEY?.toLowerCase() ??
    (mode === "test" ? DEVELOPMENT_DRAW_SECRET_KEY : undefined);
  return {
    mode,
    port,
    metricsPort: e.METRICS_PORT ?? DEFAULT_METRICS_PORT,
    dataDir,
    // Read on first use, so loading a configuration writes nothing.
    get appSecret() {
      return appSecret ??= localAppSecret(dataDir);
    },
    get drawSecretKey() {
      return drawSecretKey ??= localSecretFile(dataDir, "draw-secret-key");
    },
    publicOrigin,
    drainDelayMs: e.DRAIN_DELAY_MS ??
      (production ? PRODUCTION_DRAIN_DELAY_MS : 0),
    trustProxy: e.TRUST_PROXY ?? false,
    database,
    cache,
    storage,
    mail,
    backends: {
      database: database.kind,
      cache: cache.kind,
      storage: storage.kind,
      mail: mail.kind,
    },
  };
}

function isOrigin(v: string): boolean {
  try {
    const url = new URL(v);
    return (url.protocol === "http:" || url.protocol === "https:") &&
      url.origin === v.replace(/\/$/, "");
  } catch {
    return false;
  }
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
