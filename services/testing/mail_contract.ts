/**
 * The behaviour every `Mailer` implementation must show, as one suite run against each.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Mailer, MailMessage } from "../mail.ts";
import type { ContractOptions } from "./mod.ts";

/** A message as the receiving side saw it. */
export interface ReceivedMail {
  /** Recipient address. */
  to: string;
  /** Subject line. */
  subject: string;
  /** Plain-text body. */
  text: string;
  /** HTML body, when one was sent. */
  html?: string;
}

/** What the contract needs from each implementation under test. */
export interface MailUnderTest {
  /** The implementation under test. */
  mailer: Mailer;
  /** Every message received so far, once `count` have arrived. */
  received(count: number): Promise<ReceivedMail[]>;
  /** Closes the mailer and whatever the test started for it. */
  cleanup(): Promise<void>;
}

/** Registers the Mailer contract. */
export function mailContract(
  name: string,
  open: () => Promise<MailUnderTest>,
  options: ContractOptions = {},
) {
  Deno.test({
    name: `Mailer contract: ${name}`,
    ignore: options.ignore ?? false,
    async fn(t) {
      const { mailer, received, cleanup } = await open();
      try {
        await t.step("a Korean subject and body arrive intact", async () => {
          const msg: MailMessage = {
            to: "hong.gildong@example.com",
            subject:
              "[KIC] 2026년 어린이집 추첨 결과 안내 — 당첨을 축하합니다! 🎉",
            text:
              "홍길동 님,\n\n추첨 결과: 1순위 반에 배정되었습니다.\n링크: https://kic.example.com/r/abc?x=1&y=2\n" +
              "긴 줄 ".repeat(40),
          };
          await mailer.send(msg);
          const [got] = await received(1);
          assert.equal(got.to.replace(/^.*</, "").replace(/>$/, ""), msg.to);
          assert.equal(got.subject, msg.subject);
          assert.equal(got.text.trimEnd(), msg.text.trimEnd());
        });

        await t.step("text and HTML alternatives", async () => {
          await mailer.send({
            to: "kim@example.com",
            subject: "비밀번호 재설정 코드",
            text: "코드: 123456",
            html: "<p>코드: <b>123456</b></p>",
          });
          const [, got] = await received(2);
          assert.equal(got.subject, "비밀번호 재설정 코드");
          assert.equal(got.text.trim(), "코드: 123456");
          assert.equal(got.html?.trim(), "<p>코드: <b>123456</b></p>");
        });

        await t.step("ping", async () => {
          assert.equal(await mailer.ping(), true);
        });
      } finally {
        await mailer.close();
        await cleanup();
      }
    },
  });
}
