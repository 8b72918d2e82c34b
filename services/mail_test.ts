import assert from "node:assert/strict";
import { openMailer } from "./mail.ts";
import { mailContract } from "./testing/mail_contract.ts";
import { openLogMailer } from "./mail_log.ts";
import { parseMail } from "./mail_parse.ts";
import { openSmtpMailer, smtpOptions } from "./mail_smtp.ts";
import { startSmtpSink } from "./testing/local_servers.ts";
import { testConfig } from "./testing/mod.ts";

mailContract("log", () => {
  const lines: Record<string, unknown>[] = [];
  const mailer = openLogMailer({
    log: (_level, _msg, fields) => lines.push(fields ?? {}),
  });
  return Promise.resolve({
    mailer,
    received: (count: number) => {
      assert.equal(lines.length, count, "one log line per message");
      return Promise.resolve(mailer.sent.slice(0, count));
    },
    cleanup: () => Promise.resolve(),
  });
});

// smtp-server starts in-process in a few ms, so every run covers SMTP.
mailContract("smtp (smtp-server sink)", async () => {
  const sink = await startSmtpSink();
  const mailer = openSmtpMailer({
    url: sink.url,
    from: "KIC <no-reply@kic.example.com>",
  });
  return {
    mailer,
    async received(count: number) {
      const messages = await sink.waitFor(count);
      return messages.map((m) => {
        const parsed = parseMail(m.raw);
        assert.equal(parsed.from, "KIC <no-reply@kic.example.com>");
        return {
          to: m.to[0],
          subject: parsed.subject,
          text: parsed.text ?? "",
          html: parsed.html,
        };
      });
    },
    cleanup: () => sink.close(),
  };
});

Deno.test("Mailer: the log mailer keeps only the last N messages", async () => {
  const mailer = openLogMailer({ keep: 2, log: () => {} });
  for (const n of [1, 2, 3]) {
    await mailer.send({ to: "a@b.c", subject: `s${n}`, text: "t" });
  }
  assert.deepStrictEqual(mailer.sent.map((m) => m.subject), ["s2", "s3"]);
});

Deno.test("Mailer: openMailer picks SMTP for SMTP_URL, else the log mailer", async () => {
  const plain = testConfig();
  const log = await openMailer(plain);
  assert.equal(log.kind, "log");
  await log.close();
  const smtp = await openMailer(
    testConfig({ SMTP_URL: "smtp://127.0.0.1:1", KIC_DATA_DIR: "x" }),
  );
  try {
    assert.equal(smtp.kind, "smtp");
    assert.equal(await smtp.ping(), false);
    await assert.rejects(
      () => smtp.send({ to: "a@b.c", subject: "s", text: "t" }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "ESOCKET");
        assert.match(error.message, /ECONNREFUSED 127\.0\.0\.1:1/);
        return true;
      },
    );
  } finally {
    await smtp.close();
    await Deno.remove(plain.dataDir, { recursive: true });
  }
});

Deno.test("Mailer: smtp:// to a remote host requires TLS, so AUTH never goes out in clear", () => {
  const remote = smtpOptions("smtp://user%40x:p%20w@mail.example.com");
  assert.equal(remote.host, "mail.example.com");
  assert.equal(remote.port, 587);
  assert.equal(remote.secure, false);
  assert.equal(remote.requireTLS, true);
  assert.equal(remote.ignoreTLS, false);
  assert.deepStrictEqual(remote.auth, { user: "user@x", pass: "p w" });

  const implicit = smtpOptions("smtps://mail.example.com");
  assert.deepStrictEqual(
    [implicit.secure, implicit.port, implicit.requireTLS, implicit.ignoreTLS],
    [true, 465, false, false],
  );

  for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
    const local = smtpOptions(`smtp://${host}:2525`);
    assert.deepStrictEqual(
      [local.port, local.requireTLS, local.ignoreTLS],
      [2525, false, true],
      host,
    );
  }
});
