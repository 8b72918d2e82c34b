/**
 * A round's draw secret, sealed until the draw under `DRAW_SECRET_KEY` (services/secret_box.ts)
 * and bound to its round, so a sealed value copied onto another round does not open. The
 * freeze seals it; the draw opens it and publishes it in the record.
 *
 * @module
 */
import { seal, unseal } from "@/services/secret_box.ts";

function binding(roundId: number): string {
  return `kic-draw-secret/1 round ${roundId}`;
}

/**
 * Seals a round's secret (64 hex) under the environment's key.
 *
 * @example
 * ```ts
 * const sealed = await sealDrawSecret(services.config.drawSecretKey, { roundId, secret });
 * ```
 */
export async function sealDrawSecret(
  key: string,
  options: { roundId: number; secret: string },
): Promise<string> {
  return await seal(key, options.secret, binding(options.roundId));
}

/**
 * Opens a round's sealed secret; throws `SealError` with a wrong key or another round's value.
 *
 * @example
 * ```ts
 * const secret = await unsealDrawSecret(services.config.drawSecretKey, { roundId, sealed });
 * ```
 */
export async function unsealDrawSecret(
  key: string,
  options: { roundId: number; sealed: string },
): Promise<string> {
  return await unseal(key, options.sealed, binding(options.roundId));
}
