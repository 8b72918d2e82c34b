import assert from "node:assert/strict";
import { ForbiddenError, UnauthorizedError } from "./errors.ts";
import { assertAdmin, assertSignedIn } from "./guards.ts";
import type { AppState } from "./state.ts";

const base = { session: null, account: null } as unknown as AppState;
const session = { idHash: "h", accountId: 1, csrfToken: "t", renewed: false };

Deno.test("assertSignedIn throws UnauthorizedError without a session or an account", () => {
  assert.throws(() => assertSignedIn(base), UnauthorizedError);
  assert.throws(
    () => assertSignedIn({ ...base, session } as unknown as AppState),
    UnauthorizedError,
  );
  const signedIn = { ...base, session, account: { id: 1, role: "employee" } };
  assert.doesNotThrow(() => assertSignedIn(signedIn as unknown as AppState));
});

Deno.test("assertAdmin: 401 when signed out, 403 for an employee, passes an admin", () => {
  assert.throws(() => assertAdmin(base), UnauthorizedError);
  const employee = { ...base, session, account: { id: 1, role: "employee" } };
  assert.throws(
    () => assertAdmin(employee as unknown as AppState),
    ForbiddenError,
  );
  const admin = { ...base, session, account: { id: 2, role: "admin" } };
  assert.doesNotThrow(() => assertAdmin(admin as unknown as AppState));
});
