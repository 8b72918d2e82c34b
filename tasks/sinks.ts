/**
 * Local stand-ins for S3 and SMTP, for CI and development:
 *
 *   deno run -A tasks/sinks.ts
 *
 * - s3rver on 127.0.0.1:4569 (`S3_SINK_PORT`), bucket `S3_BUCKET` (default `kic`), data in a
 *   temp dir. Use S3_ENDPOINT=http://127.0.0.1:4569 with the access key S3RVER / S3RVER
 *   (the development defaults); s3rver does not check signatures.
 * - an SMTP sink on 127.0.0.1:2525 (`SMTP_SINK_PORT`) that accepts every message, without TLS
 *   or auth, and appends each raw message to `SMTP_SINK_FILE` (or logs a JSON line). Use
 *   SMTP_URL=smtp://127.0.0.1:2525.
 *
 * Prints "sinks ready" when both listen, and runs until SIGINT/SIGTERM.
 *
 * @module
 */
import { parseMail } from "@/services/mail_parse.ts";
import {
  startS3Sink,
  startSmtpSink,
} from "@/services/testing/local_servers.ts";

const s3Port = Number(Deno.env.get("S3_SINK_PORT") ?? 4569);
const smtpPort = Number(Deno.env.get("SMTP_SINK_PORT") ?? 2525);
const bucket = Deno.env.get("S3_BUCKET") || "kic";
const sinkFile = Deno.env.get("SMTP_SINK_FILE") || undefined;

const directory = await Deno.makeTempDir({ prefix: "kic-sinks-s3-" });
const s3 = await startS3Sink({ port: s3Port, bucket, directory });
const smtp = await startSmtpSink({
  port: smtpPort,
  async onMessage(message) {
    if (sinkFile) {
      const separator = `\n----- ${new Date().toISOString()} to ${
        message.to.join(", ")
      } -----\n`;
      await Deno.writeTextFile(sinkFile, separator + message.raw, {
        append: true,
      });
    } else {
      const parsed = parseMail(message.raw);
      console.log(
        JSON.stringify({
          sink: "smtp",
          to: message.to,
          subject: parsed.subject,
        }),
      );
    }
  },
});
console.log(`s3: ${s3.endpoint} bucket=${bucket} dir=${directory}`);
console.log(`smtp: ${smtp.url}${sinkFile ? ` file=${sinkFile}` : ""}`);
console.log("sinks ready");

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([s3.close(), smtp.close()]);
  await Deno.remove(directory, { recursive: true }).catch(() => {});
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
