import assert from "node:assert/strict";
import { openTestDb } from "@/services/testing/mod.ts";
import { recordAudit } from "./audit.ts";

Deno.test("recordAudit writes one row with before and after, in the caller's transaction", async () => {
  const db = await openTestDb();
  try {
    await db.transaction((tx) =>
      recordAudit(tx, {
        actorId: null,
        action: "round.rename",
        objectType: "round",
        objectId: 7,
        before: { name: "가" },
        after: { name: "나" },
      })
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await recordAudit(tx, {
          actorId: null,
          action: "round.rename",
          objectType: "round",
          objectId: 8,
        });
        throw new RangeError("the change failed");
      }),
      RangeError,
    );
    const rows = await db.sql<
      { object_id: string; before: unknown; after: unknown }
    >`
      select object_id, before, after from audit_log order by id`;
    assert.deepEqual(rows, [{
      object_id: "7",
      before: { name: "가" },
      after: { name: "나" },
    }]);
  } finally {
    await db.close();
  }
});
