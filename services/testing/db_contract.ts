/**
 * The behaviour every `Db` implementation must show, as one suite run against each.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Db } from "../db.ts";
import { withTimeout } from "../timeout.ts";
import type { ContractOptions } from "./mod.ts";

/** Runs the query whose result both implementations must return identically. */
export function queryAllTypes(db: Db): Promise<Record<string, unknown>[]> {
  return db.sql`select 1::int2 as i2, 2::int4 as i4, 3::int8 as i8,
      9007199254740993::int8 as i8_big, 1.50::numeric as num, 1.5::float8 as f8, true as b,
      'x'::text as t, 'a81bc81b-dead-4e5d-abff-90865d1e13b1'::uuid as u,
      '2024-03-04 05:06:07.089+00'::timestamptz as ts,
      '2024-03-04 05:06:07.5'::timestamp as ts_naive, '2024-03-04'::date as d,
      '{"a":[1,"x",null]}'::jsonb as j, '\\x00ff10'::bytea as bin,
      array['a','b']::text[] as ta, array[1,2]::int4[] as ia, array[3,4]::int8[] as la,
      null::text as n, (select count(*) from (values (1),(2)) v) as cnt`;
}

/** What {@link queryAllTypes} must return. */
export const TYPES_EXPECTED: Record<string, unknown> = {
  i2: 1,
  i4: 2,
  i8: 3,
  i8_big: "9007199254740993",
  num: "1.50",
  f8: 1.5,
  b: true,
  t: "x",
  u: "a81bc81b-dead-4e5d-abff-90865d1e13b1",
  ts: new Date("2024-03-04T05:06:07.089Z"),
  ts_naive: new Date("2024-03-04T05:06:07.500Z"),
  d: "2024-03-04",
  j: { a: [1, "x", null] },
  bin: new Uint8Array([0, 255, 16]),
  ta: ["a", "b"],
  ia: [1, 2],
  la: [3, 4],
  n: null,
  cnt: 2,
};

/** Registers the Db contract as steps of one Deno test per implementation. */
export function dbContract(
  name: string,
  open: () => Promise<Db>,
  options: ContractOptions = {},
): void {
  Deno.test({
    name: `Db contract: ${name}`,
    ignore: options.ignore ?? false,
    async fn(t) {
      const db = await open();
      try {
        await t.step("returns the documented JS types", async () => {
          const [row] = await queryAllTypes(db);
          assert.deepStrictEqual(row, TYPES_EXPECTED);
          assert.ok(
            Object.getPrototypeOf(row.bin) === Uint8Array.prototype,
            "plain Uint8Array",
          );
          assert.ok(row.ts instanceof Date);
        });

        await t.step("binds parameters of every supported kind", async () => {
          await db.exec(`
            create table contract_params (
              id bigserial primary key, name text, born date, at timestamptz,
              data jsonb, blob bytea, tags text[], nums int8[], flag bool
            );`);
          const at = new Date("2025-01-02T03:04:05.006Z");
          const [inserted] = await db.sql<{ id: number }>`
            insert into contract_params (name, born, at, data, blob, tags, nums, flag)
            values (${"홍길동"}, ${"2020-02-29"}, ${at}, ${{
            k: "v",
            n: [1, 2],
          }}::jsonb,
              ${new Uint8Array([1, 2, 3])}, ${["x", "y"]}, ${[
            10,
            20,
          ]}, ${false})
            returning id`;
          assert.equal(typeof inserted.id, "number");
          await db.sql`insert into contract_params (name, born, data, blob)
            values (${null}, ${new Date("2021-06-07T00:00:00Z")}, ${
            JSON.stringify([1])
          }::jsonb,
              ${null})`;
          const rows = await db.sql`
            select name, born, at, data, blob, tags, nums, flag from contract_params
            where id = any(${[inserted.id, inserted.id + 1]}) order by id`;
          assert.deepStrictEqual(rows, [
            {
              name: "홍길동",
              born: "2020-02-29",
              at,
              data: { k: "v", n: [1, 2] },
              blob: new Uint8Array([1, 2, 3]),
              tags: ["x", "y"],
              nums: [10, 20],
              flag: false,
            },
            {
              name: null,
              born: "2021-06-07",
              at: null,
              data: [1],
              blob: null,
              tags: null,
              nums: null,
              flag: null,
            },
          ]);
          const [echo] = await db
            .sql`select ${123n}::int8 as big, ${"a"} = any(${[
            "a",
            "b",
          ]}::text[]) as hit, ${3.25}::float8 as f`;
          assert.deepStrictEqual(echo, { big: 123, hit: true, f: 3.25 });
          const none = await db
            .sql`select 1 from contract_params where id = any(${[]}::int8[])`;
          assert.deepStrictEqual(none, []);
        });

        await t.step("never splices values into SQL text", async () => {
          const evil = "'); drop table contract_params; --";
          const [row] = await db.sql<{ v: string }>`select ${evil}::text as v`;
          assert.equal(row.v, evil);
          const [count] = await db.sql<
            { n: number }
          >`select count(*) as n from contract_params`;
          assert.equal(count.n, 2);
        });

        await t.step("rejects undefined parameters", async () => {
          await assert.rejects(
            () => db.sql`select ${undefined} as x`,
            /pass null/,
          );
        });

        await t.step(
          "commits a transaction and rolls back on throw",
          async () => {
            await db.exec("create table contract_tx (v int not null)");
            const result = await db.transaction(async (tx) => {
              await tx.sql`insert into contract_tx values (${1})`;
              return "done";
            });
            assert.equal(result, "done");
            await assert.rejects(
              () =>
                db.transaction(async (tx) => {
                  await tx.sql`insert into contract_tx values (${2})`;
                  throw new Error("boom");
                }),
              { name: "Error", message: "boom" },
            );
            const rows = await db.sql`select v from contract_tx order by v`;
            assert.deepStrictEqual(rows, [{ v: 1 }]);
          },
        );

        await t.step(
          "nested transactions roll back only the nested part",
          async () => {
            await db.transaction(async (tx) => {
              await tx.sql`insert into contract_tx values (${10})`;
              await assert.rejects(() =>
                tx.transaction(async (inner) => {
                  await inner.sql`insert into contract_tx values (${11})`;
                  throw new Error("inner");
                }), { name: "Error", message: "inner" });
              await tx.transaction(async (inner) => {
                await inner.sql`insert into contract_tx values (${12})`;
              });
            });
            const rows = await db
              .sql`select v from contract_tx where v >= 10 order by v`;
            assert.deepStrictEqual(rows, [{ v: 10 }, { v: 12 }]);
          },
        );

        await t.step("exec runs several statements", async () => {
          await db.exec(`
            create table contract_exec (v int);
            insert into contract_exec values (1);
            insert into contract_exec values (2);`);
          const [row] = await db.sql<
            { s: number }
          >`select sum(v)::int as s from contract_exec`;
          assert.equal(row.s, 3);
        });

        await t.step("LISTEN/NOTIFY, delivered at commit", async () => {
          const got: string[] = [];
          let wake = () => {};
          const unlisten = await db.listen("contract_chan", (payload) => {
            got.push(payload);
            wake();
          });
          const next = () => new Promise<void>((resolve) => (wake = resolve));
          let arrived = next();
          await db.notify("contract_chan", "안녕 1");
          await withTimeout(arrived, 5000);
          arrived = next();
          await db.transaction(async (tx) => {
            await tx.notify("contract_chan", "in tx");
            await new Promise((r) => setTimeout(r, 50));
            assert.deepStrictEqual(got, ["안녕 1"], "not before commit");
          });
          await withTimeout(arrived, 5000);
          assert.deepStrictEqual(got, ["안녕 1", "in tx"]);
          await unlisten();
          await assert.rejects(
            () => db.listen("Bad-Name", () => {}),
            /channel/,
          );
        });

        await t.step(
          "a throwing LISTEN callback is logged, not fatal",
          async () => {
            const logged: string[] = [];
            const consoleError = console.error;
            console.error = (...args: unknown[]) => logged.push(args.join(" "));
            try {
              const got: string[] = [];
              let wake = () => {};
              const unlistenBad = await db.listen("contract_throw", () => {
                throw new Error("listener bug");
              });
              const unlistenAsync = await db.listen(
                "contract_throw",
                () => Promise.reject(new Error("async listener bug")) as never,
              );
              const unlisten = await db.listen("contract_throw", (payload) => {
                got.push(payload);
                wake();
              });
              for (const payload of ["one", "two"]) {
                const arrived = new Promise<void>((
                  resolve,
                ) => (wake = resolve));
                await db.notify("contract_throw", payload);
                await withTimeout(arrived, 5000);
              }
              await new Promise((r) => setTimeout(r, 50));
              assert.deepStrictEqual(got, ["one", "two"]);
              assert.equal(await db.ping(), true);
              const lines = logged.filter((l) =>
                l.includes("LISTEN callback threw") &&
                l.includes("contract_throw")
              );
              assert.equal(lines.length, 4, logged.join("\n"));
              assert.ok(lines.some((l) => l.includes("async listener bug")));
              await unlistenBad();
              await unlistenAsync();
              await unlisten();
            } finally {
              console.error = consoleError;
            }
          },
        );

        await t.step("ping", async () => {
          assert.equal(await db.ping(), true);
        });
      } finally {
        await db.close();
      }
    },
  });
}

/** Makes `Asia/Seoul` the default TimeZone of the database `db` is connected to. */
export async function setDatabaseTimeZoneSeoul(db: Db): Promise<void> {
  await db.exec(`do $$ begin
    execute format('alter database %I set timezone = %L', current_database(), 'Asia/Seoul');
  end $$;`);
}

/**
 * Stores a `Date` into `date` and `timestamptz` columns and reads them back; run on a database
 * whose default TimeZone is not UTC. Both implementations must return
 * {@link TIME_ZONE_EXPECTED}.
 */
export async function timeZoneRoundTrip(
  db: Db,
): Promise<Record<string, unknown>> {
  // 20:00 UTC is already the next day in Seoul (UTC+9).
  const at = new Date("2024-03-04T20:00:00Z");
  await db.exec(
    "create table contract_tz (d date, at timestamptz, naive timestamp)",
  );
  await db.sql`insert into contract_tz values (${at}, ${at}, ${at})`;
  const [row] = await db.sql`
    select d, at, naive, d::text as d_text, ${at}::date as param_date,
      '2024-03-04 20:00:00'::timestamptz as literal_ts,
      current_setting('TimeZone') as tz
    from contract_tz`;
  return row;
}

/** What {@link timeZoneRoundTrip} must return. */
export const TIME_ZONE_EXPECTED: Record<string, unknown> = {
  d: "2024-03-04",
  at: new Date("2024-03-04T20:00:00Z"),
  naive: new Date("2024-03-04T20:00:00Z"),
  d_text: "2024-03-04",
  param_date: "2024-03-04",
  literal_ts: new Date("2024-03-04T20:00:00Z"),
  tz: "UTC",
};
