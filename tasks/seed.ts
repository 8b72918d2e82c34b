/**
 * `deno task seed`: loads the demo data (README.md lists the sign-ins) into the configured
 * database when it has no account yet. Refuses to run in production.
 *
 * @module
 */
import { seedDemo } from "@/domain/demo.ts";
import { seedDrawnDemoRound } from "@/domain/demo_drawn.ts";
import { loadConfig } from "@/services/config.ts";
import { openDb } from "@/services/db.ts";
import { migrate } from "@/services/migrate.ts";

const config = loadConfig();
if (config.mode === "production") {
  console.error(
    "deno task seed refuses to load demo accounts in production (KIC_MODE=production).",
  );
  Deno.exit(1);
}
const db = await openDb(config);
try {
  await migrate(db);
  const seeded = await seedDemo(db);
  if (seeded) await seedDrawnDemoRound({ db, config });
  console.log(
    seeded
      ? "Demo data loaded."
      : "The database already has accounts; nothing loaded.",
  );
} finally {
  await db.close();
}
