/**
 * Must show 2 of issue 9: a forgotten password is reset with a 6-digit mailed code. The code
 * works once; an unknown account gets the same page and no mail; a stranger's requests and
 * guesses do not stop the owner's newest code. Through HTTP, with the mail read where it arrives.
 */
import assert from "node:assert/strict";
import { Client, DEMO_ACCOUNTS } from "./harness.ts";
import { type MailApp, startMailApp } from "./mailbox.ts";

const OWNER = DEMO_ACCOUNTS.find((a) => a.login === "kim.hana")!;
const NEW_PASSWORD = "a brand new passphrase";

/** Asks for a code; returns the page and its ticket. */
async function ask(c: Client, login: string) {
  const { csrf } = await c.page("/password/reset");
  const res = await c.post("/password/reset", {
    _csrf: csrf,
    step: "request",
    login,
  });
  const html = await res.text();
  const ticket = html.match(/name="ticket" value="([^"]*)"/)?.[1] ?? "";
  return { res, html, ticket, csrf };
}

/** Enters a code with a new password. */
async function enter(
  c: Client,
  fields: { login: string; ticket: string; code: string; password?: string },
) {
  const { csrf } = await c.page("/password/reset?step=code");
  const password = fields.password ?? NEW_PASSWORD;
  return await c.post("/password/reset", {
    _csrf: csrf,
    step: "confirm",
    login: fields.login,
    ticket: fields.ticket,
    code: fields.code,
    password,
    confirm: password,
  });
}

function codesTo(mails: { to: string; text: string }[], to: string) {
  return mails.filter((m) => m.to === to).map((m) =>
    m.text.match(/^\s+(\d{6})$/m)?.[1]
  ).filter((c): c is string => !!c);
}

async function withApp(fn: (app: MailApp) => Promise<void>) {
  const app = await startMailApp();
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

const emailOf = async (app: MailApp, login: string) =>
  (await app.app.services.db.sql<{ email: string }>`
    select email from accounts where login = ${login}`)[0].email;

Deno.test("the code works once, ends the old sessions and the old password", async () => {
  await withApp(async (app) => {
    const signedIn = new Client(app, "10.2.0.1");
    assert.equal(
      (await signedIn.signIn(OWNER.login, OWNER.password)).status,
      303,
    );
    const c = new Client(app, "10.2.0.2");
    const asked = await ask(c, OWNER.login);
    assert.equal(asked.res.status, 200);
    assert.match(asked.html, /6자리 코드를 보냈습니다/);
    const [code] = codesTo(await app.mail(), await emailOf(app, OWNER.login));
    assert.ok(code, "a code was mailed");

    const ok = await enter(c, {
      login: OWNER.login,
      ticket: asked.ticket,
      code,
    });
    assert.equal(ok.status, 303);
    assert.match(
      ok.headers.get("location")!,
      /^\/login\?notice=password-reset/,
    );
    const again = await enter(c, {
      login: OWNER.login,
      ticket: asked.ticket,
      code,
      password: "yet another passphrase",
    });
    assert.equal(again.status, 400, "the same code a second time");
    assert.match(await again.text(), /코드가 맞지 않거나 기한이 지났습니다/);
    const ticketless = await enter(c, {
      login: OWNER.login,
      ticket: "",
      code,
      password: "yet another passphrase",
    });
    assert.equal(ticketless.status, 400, "nor without the ticket");

    // The earlier session ended; the new password works, the old one not.
    assert.doesNotMatch(await (await signedIn.fetch("/")).text(), /로그아웃/);
    const fresh = new Client(app, "10.2.0.3");
    assert.equal((await fresh.signIn(OWNER.login, OWNER.password)).status, 401);
    assert.equal((await fresh.signIn(OWNER.login, NEW_PASSWORD)).status, 303);
    const mails = await app.mail();
    assert.ok(mails.some((m) => /비밀번호가 바뀌었습니다/.test(m.subject)));
  });
});

Deno.test("an unknown account gets the same page and no mail", async () => {
  await withApp(async (app) => {
    const c = new Client(app, "10.3.0.1");
    const normalise = (html: string, login: string) =>
      html.replaceAll(login, "LOGIN")
        .replace(/name="(_csrf|ticket)" value="[^"]*"/g, 'name="$1" value=""');
    const known = await ask(c, OWNER.login);
    const before = (await app.mail()).length;
    const unknown = await ask(c, "no.such.person");
    assert.equal(unknown.res.status, known.res.status);
    assert.equal(
      normalise(unknown.html, "no.such.person"),
      normalise(known.html, OWNER.login),
    );
    assert.match(unknown.ticket, /^[A-Za-z0-9_-]{32}$/);
    assert.equal((await app.mail()).length, before, "no mail for nobody");
    const [{ n }] = await app.app.services.db.sql<{ n: number }>`
      select count(*)::int as n from password_tokens where kind = 'reset'`;
    assert.equal(n, 1, "only the known account's code exists");
  });
});

Deno.test("a stranger's requests and guesses do not stop the owner's newest code", async () => {
  await withApp(async (app) => {
    const ownerEmail = await emailOf(app, OWNER.login);
    const owner = new Client(app, "10.4.0.1");
    // The owner signed in on this browser before: it holds a device cookie.
    await owner.signIn(OWNER.login, OWNER.password);
    const { csrf } = await owner.page("/");
    await owner.post("/logout", { _csrf: csrf });

    // A stranger floods the requests and guesses codes, with and without tickets.
    const stranger = new Client(app, "10.4.0.99");
    const tickets: string[] = [];
    for (let i = 0; i < 25; i++) {
      tickets.push((await ask(stranger, OWNER.login)).ticket);
    }
    for (const ticket of tickets) {
      for (let i = 0; i < 6; i++) {
        await enter(stranger, {
          login: OWNER.login,
          ticket,
          code: String(100000 + i),
        });
      }
    }
    for (let i = 0; i < 12; i++) {
      await enter(stranger, {
        login: OWNER.login,
        ticket: "",
        code: String(200000 + i),
      });
    }
    const strangerCodes = codesTo(await app.mail(), ownerEmail);
    assert.ok(strangerCodes.length >= 1 && strangerCodes.length <= 3);

    // The owner asks for a code from the browser they used before: it is mailed and works.
    const asked = await ask(owner, OWNER.login);
    const codes = codesTo(await app.mail(), ownerEmail);
    assert.equal(
      codes.length,
      strangerCodes.length + 1,
      "the owner got a code",
    );
    const newest = codes.at(-1)!;

    // More stranger requests and guesses after the owner's request void nothing.
    for (let i = 0; i < 5; i++) await ask(stranger, OWNER.login);
    for (let i = 0; i < 6; i++) {
      await enter(stranger, {
        login: OWNER.login,
        ticket: tickets[0],
        code: String(300000 + i),
      });
    }
    const res = await enter(owner, {
      login: OWNER.login,
      ticket: asked.ticket,
      code: newest,
    });
    assert.equal(res.status, 303, "the owner's newest code still works");
    assert.equal(
      (await new Client(app, "10.4.0.2").signIn(OWNER.login, NEW_PASSWORD))
        .status,
      303,
    );
  });
});

Deno.test("a stranger's guesses never spend the tries of the owner's code", async () => {
  await withApp(async (app) => {
    const owner = new Client(app, "10.5.0.1");
    const asked = await ask(owner, OWNER.login);
    const [code] = codesTo(await app.mail(), await emailOf(app, OWNER.login));
    const stranger = new Client(app, "10.5.0.99");
    // Forged tickets and ticketless guesses, well past every budget.
    for (let i = 0; i < 15; i++) {
      const res = await enter(stranger, {
        login: OWNER.login,
        ticket: i % 2 ? "A".repeat(32) : "",
        code: String(400000 + i),
      });
      assert.ok(res.status === 400 || res.status === 429, `${res.status}`);
    }
    // The stranger used up the shared budget; the owner's typos on their own page still get
    // "wrong code" and spend 4 of the 5 tries of the owner's code, nothing else.
    for (let i = 0; i < 4; i++) {
      const wrong = await enter(owner, {
        login: OWNER.login,
        ticket: asked.ticket,
        code: code === "000000" ? "000001" : "000000",
      });
      assert.equal(wrong.status, 400);
    }
    const ok = await enter(owner, {
      login: OWNER.login,
      ticket: asked.ticket,
      code,
    });
    assert.equal(ok.status, 303);
  });
});

Deno.test("a short password, or the account id, is refused beside its field", async () => {
  await withApp(async (app) => {
    const c = new Client(app, "10.6.0.1");
    const asked = await ask(c, OWNER.login);
    const [code] = codesTo(await app.mail(), await emailOf(app, OWNER.login));
    for (
      const [password, message] of [
        ["short", /id="field-password-error">비밀번호는 10자 이상이어야/],
        // Ten characters, but the account id with spaces around it.
        ["kim.hana  ", /id="field-password-error">계정과 같은 비밀번호/],
      ] as const
    ) {
      const res = await enter(c, {
        login: OWNER.login,
        ticket: asked.ticket,
        code,
        password,
      });
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, message);
      assert.match(html, new RegExp(`value="${code}"`), "the code is kept");
    }
    // The refused passwords spent nothing: the code still works.
    const ok = await enter(c, {
      login: OWNER.login,
      ticket: asked.ticket,
      code,
    });
    assert.equal(ok.status, 303);
  });
});

Deno.test("the owner's page also takes a code that a stranger's request mailed", async () => {
  await withApp(async (app) => {
    const email = await emailOf(app, OWNER.login);
    const owner = new Client(app, "10.9.0.1");
    const asked = await ask(owner, OWNER.login);
    await ask(new Client(app, "10.9.0.99"), OWNER.login);
    const codes = codesTo(await app.mail(), email);
    assert.equal(codes.length, 2);
    // The newest mail is the stranger's request; the owner types that code on their page.
    const res = await enter(owner, {
      login: OWNER.login,
      ticket: asked.ticket,
      code: codes[1],
    });
    assert.equal(res.status, 303);
  });
});
