/**
 * Kindergartens (issue 9): name, address, phone, description, the classes (ages 0 to 7) they
 * run, up to {@link MAX_PHOTOS} photos (JPEG or PNG by content, 5 MB at most, one per request,
 * kept in the object store under `kindergartens/<id>/<uuid>.<ext>`), and the enrolment records
 * the sibling factor reads (domain/enrolments.ts). Each use case owns its transaction and writes one audit row per
 * object.
 *
 * @module
 */
import { z } from "zod";
import { newBatchId, recordAudit } from "@/domain/audit.ts";
import type { Db } from "@/services/db.ts";
import type { Storage } from "@/services/storage_interface.ts";
import type { MessageKey } from "@/i18n/mod.ts";
import {
  type FieldError,
  type FieldErrors,
  type FormState,
  type FormValues,
  parseForm,
  textField,
} from "@/utils/form.ts";
import { checkDocument } from "@/utils/sniff.ts";

/** Most photos per kindergarten. */
export const MAX_PHOTOS = 5;
/** The largest photo: 5 MiB. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The class ages a kindergarten may run. */
export const CLASS_AGES = ["0", "1", "2", "3", "4", "5", "6", "7"] as const;

/** A kindergarten's details as the admin sets them. */
export interface KindergartenInput {
  /** Unique name. */
  name: string;
  /** Address ("" when not given). */
  address: string;
  /** Phone ("" when not given). */
  phone: string;
  /** Description ("" when not given). */
  description: string;
  /** Class ages, ascending. */
  classes: number[];
}

/** A stored kindergarten. */
export interface Kindergarten extends KindergartenInput {
  /** Its id. */
  id: number;
}

/** A stored photo. */
export interface KindergartenPhoto {
  /** Its id (the photo route's key). */
  id: number;
  /** Its kindergarten. */
  kindergartenId: number;
  /** The object's key in storage. */
  storageKey: string;
  /** `image/jpeg` or `image/png`, from the content. */
  contentType: string;
  /** Its size. */
  sizeBytes: number;
}

const PHONE = /^[0-9+\-() ]*$/;

/**
 * A refused form whose `form.error.invalid` on `fields` says `key` instead.
 *
 * @example
 * ```ts
 * // return invalidAs(parsed.state, ["phone"], "kg.error.phone");
 * ```
 */
export function invalidAs<T>(
  state: FormState<T>,
  fields: string[],
  key: MessageKey,
): { ok: false; state: FormState<T> } {
  const errors = { ...state.errors } as Record<string, FieldError | undefined>;
  for (const f of fields) {
    if (errors[f]?.key === "form.error.invalid") errors[f] = { key };
  }
  return {
    ok: false,
    state: { values: state.values, errors: errors as FieldErrors<T> },
  };
}

const KindergartenForm = z.object({
  name: textField({ max: 100 }),
  address: textField({ max: 200, optional: true }),
  phone: textField({ max: 30, optional: true }).refine(
    (v) => PHONE.test(v),
    { error: "kg.error.phone" },
  ),
  description: textField({ max: 2000, multiline: true, optional: true }),
  classes: z.array(z.enum(CLASS_AGES, { error: "form.error.invalid" })).max(8),
});

/** The outcome of {@link parseKindergartenForm}. */
export type KindergartenFormResult =
  | { ok: true; data: KindergartenInput; values: FormValues<KindergartenInput> }
  | { ok: false; state: FormState<KindergartenInput> };

/**
 * Checks the kindergarten form (`classes` is a repeated checkbox field).
 *
 * @example
 * ```ts
 * import { parseKindergartenForm } from "@/domain/kindergartens.ts";
 * const r = parseKindergartenForm(new Map([["name", ["햇살"]], ["classes", ["0", "2"]]]));
 * // r.ok && r.data.classes → [0, 2]
 * ```
 */
export function parseKindergartenForm(
  fields: Map<string, string[]>,
): KindergartenFormResult {
  const parsed = parseForm(KindergartenForm, fields, { arrays: ["classes"] });
  if (!parsed.ok) {
    // The phone's own message is a kg.* key, which fieldErrors files as form.error.invalid.
    return invalidAs(parsed.state, ["phone"], "kg.error.phone");
  }
  const d = parsed.data;
  return {
    ok: true,
    values: parsed.values as FormValues<KindergartenInput>,
    data: {
      name: d.name,
      address: d.address,
      phone: d.phone,
      description: d.description,
      classes: [...new Set(d.classes.map(Number))].sort((a, b) => a - b),
    },
  };
}

/**
 * The form values of a stored kindergarten.
 *
 * @example
 * ```ts
 * import { kindergartenFormValues } from "@/domain/kindergartens.ts";
 * // kindergartenFormValues(kg).classes → ["0", "1"]
 * ```
 */
export function kindergartenFormValues(
  k: KindergartenInput,
): FormValues<KindergartenInput> {
  return {
    name: k.name,
    address: k.address,
    phone: k.phone,
    description: k.description,
    classes: k.classes.map(String),
  };
}

interface KgRow {
  id: number;
  name: string;
  address: string;
  phone: string;
  description: string;
  classes: number[] | null;
}

function toKg(r: KgRow): Kindergarten {
  return {
    id: Number(r.id),
    name: r.name,
    address: r.address,
    phone: r.phone,
    description: r.description,
    classes: (r.classes ?? []).map(Number).sort((a, b) => a - b),
  };
}

/**
 * Every kindergarten with its classes, by name.
 *
 * @example
 * ```ts
 * import { listKindergartens } from "@/domain/kindergartens.ts";
 * // const kgs = await listKindergartens(db);
 * ```
 */
export async function listKindergartens(db: Db): Promise<Kindergarten[]> {
  const rows = await db.sql<KgRow>`
    select k.id, k.name, k.address, k.phone, k.description,
      array(select c.class_age from kindergarten_classes c
        where c.kindergarten_id = k.id order by c.class_age) as classes
    from kindergartens k order by k.name, k.id`;
  return rows.map(toKg);
}

/**
 * One kindergarten with its classes, or null.
 *
 * @example
 * ```ts
 * import { kindergartenById } from "@/domain/kindergartens.ts";
 * // const kg = await kindergartenById(db, 1);
 * ```
 */
export async function kindergartenById(
  db: Db,
  id: number,
): Promise<Kindergarten | null> {
  const rows = await db.sql<KgRow>`
    select k.id, k.name, k.address, k.phone, k.description,
      array(select c.class_age from kindergarten_classes c
        where c.kindergarten_id = k.id order by c.class_age) as classes
    from kindergartens k where k.id = ${id}`;
  return rows.length ? toKg(rows[0]) : null;
}

/** Why saving a kindergarten was refused. */
export type KindergartenRefusal =
  | { ok: false; reason: "notFound" | "nameTaken" }
  | { ok: false; reason: "classInUse"; ages: number[] };

async function nameTaken(tx: Db, name: string, except: number) {
  const rows = await tx.sql`
    select 1 from kindergartens where name = ${name} and id <> ${except}`;
  return rows.length > 0;
}

/**
 * Adds a kindergarten with its classes, audited (`kindergarten.create`).
 *
 * @example
 * ```ts
 * import { createKindergarten } from "@/domain/kindergartens.ts";
 * // const outcome = await createKindergarten(db, { actorId, input });
 * ```
 */
export async function createKindergarten(
  db: Db,
  options: { actorId: number; input: KindergartenInput },
): Promise<{ ok: true; id: number } | KindergartenRefusal> {
  const k = options.input;
  return await db.transaction(async (tx) => {
    await tx.sql`lock table kindergartens in share row exclusive mode`;
    if (await nameTaken(tx, k.name, 0)) {
      return { ok: false, reason: "nameTaken" } as const;
    }
    const [row] = await tx.sql<{ id: number }>`
      insert into kindergartens (name, address, phone, description)
      values (${k.name}, ${k.address}, ${k.phone}, ${k.description}) returning id`;
    const id = Number(row.id);
    for (const age of k.classes) {
      await tx.sql`insert into kindergarten_classes (kindergarten_id, class_age)
        values (${id}, ${age})`;
    }
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "kindergarten.create",
      objectType: "kindergarten",
      objectId: id,
      before: null,
      after: await kindergartenById(tx, id),
    });
    return { ok: true, id } as const;
  });
}

/**
 * Changes a kindergarten's details and classes, audited (`kindergarten.update`, before and
 * after). A class that a recruitment uses cannot be removed.
 *
 * @example
 * ```ts
 * import { updateKindergarten } from "@/domain/kindergartens.ts";
 * // const outcome = await updateKindergarten(db, { actorId, id, input });
 * ```
 */
export async function updateKindergarten(
  db: Db,
  options: { actorId: number; id: number; input: KindergartenInput },
): Promise<{ ok: true } | KindergartenRefusal> {
  const k = options.input, id = options.id;
  return await db.transaction(async (tx) => {
    await tx.sql`lock table kindergartens in share row exclusive mode`;
    const before = await kindergartenById(tx, id);
    if (!before) return { ok: false, reason: "notFound" } as const;
    if (await nameTaken(tx, k.name, id)) {
      return { ok: false, reason: "nameTaken" } as const;
    }
    const removed = before.classes.filter((a) => !k.classes.includes(a));
    if (removed.length) {
      const used = await tx.sql<{ class_age: number }>`
        select distinct class_age from recruitments
        where kindergarten_id = ${id} and class_age = any(${removed}::int[])
        order by class_age`;
      if (used.length) {
        return {
          ok: false,
          reason: "classInUse",
          ages: used.map((u) => Number(u.class_age)),
        } as const;
      }
    }
    await tx.sql`
      update kindergartens set name = ${k.name}, address = ${k.address}, phone = ${k.phone},
        description = ${k.description}
      where id = ${id}`;
    await tx.sql`delete from kindergarten_classes
      where kindergarten_id = ${id} and not (class_age = any(${k.classes}::int[]))`;
    for (const age of k.classes.filter((a) => !before.classes.includes(a))) {
      await tx.sql`insert into kindergarten_classes (kindergarten_id, class_age)
        values (${id}, ${age})`;
    }
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "kindergarten.update",
      objectType: "kindergarten",
      objectId: id,
      before,
      after: await kindergartenById(tx, id),
    });
    return { ok: true } as const;
  });
}

interface PhotoRow {
  id: number;
  kindergarten_id: number;
  storage_key: string;
  content_type: string;
  size_bytes: number;
}

function toPhoto(r: PhotoRow): KindergartenPhoto {
  return {
    id: Number(r.id),
    kindergartenId: Number(r.kindergarten_id),
    storageKey: r.storage_key,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
  };
}

/**
 * A kindergarten's photos, oldest first.
 *
 * @example
 * ```ts
 * import { kindergartenPhotos } from "@/domain/kindergartens.ts";
 * // const photos = await kindergartenPhotos(db, 1);
 * ```
 */
export async function kindergartenPhotos(
  db: Db,
  kindergartenId: number,
): Promise<KindergartenPhoto[]> {
  const rows = await db.sql<PhotoRow>`
    select id, kindergarten_id, storage_key, content_type, size_bytes
    from kindergarten_photos where kindergarten_id = ${kindergartenId} order by id`;
  return rows.map(toPhoto);
}

/**
 * One photo, or null.
 *
 * @example
 * ```ts
 * import { photoById } from "@/domain/kindergartens.ts";
 * // const photo = await photoById(db, 7);
 * ```
 */
export async function photoById(
  db: Db,
  id: number,
): Promise<KindergartenPhoto | null> {
  const rows = await db.sql<PhotoRow>`
    select id, kindergarten_id, storage_key, content_type, size_bytes
    from kindergarten_photos where id = ${id}`;
  return rows.length ? toPhoto(rows[0]) : null;
}

/** Why a photo was refused. */
export type PhotoRefusal = {
  ok: false;
  reason: "notFound" | "empty" | "tooLarge" | "type" | "limit";
};

/**
 * Adds a photo: checked by content (JPEG or PNG, whole, at most {@link MAX_PHOTO_BYTES}),
 * stored, then recorded and audited (`kindergarten.photo.add`) unless the kindergarten already
 * has {@link MAX_PHOTOS}; an object whose row was not written is removed again.
 *
 * @example
 * ```ts
 * import { addPhoto } from "@/domain/kindergartens.ts";
 * // const outcome = await addPhoto(db, storage, { actorId, kindergartenId: 1, bytes });
 * ```
 */
export async function addPhoto(
  db: Db,
  storage: Storage,
  options: { actorId: number; kindergartenId: number; bytes: Uint8Array },
): Promise<{ ok: true; id: number } | PhotoRefusal> {
  const check = checkDocument(options.bytes, MAX_PHOTO_BYTES);
  if (!check.ok) {
    const reason = check.problem === "empty"
      ? "empty"
      : check.problem === "tooLarge"
      ? "tooLarge"
      : "type";
    return { ok: false, reason };
  }
  if (check.type === "application/pdf") return { ok: false, reason: "type" };
  const kgId = options.kindergartenId;
  if (!(await kindergartenById(db, kgId))) {
    return { ok: false, reason: "notFound" };
  }
  const ext = check.type === "image/png" ? "png" : "jpg";
  const key = `kindergartens/${kgId}/${crypto.randomUUID()}.${ext}`;
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", options.bytes as BufferSource),
  );
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
  await storage.put(key, options.bytes, check.type);
  try {
    const outcome = await db.transaction(async (tx) => {
      const kg = await tx
        .sql`select id from kindergartens where id = ${kgId} for update`;
      if (kg.length === 0) return { ok: false, reason: "notFound" } as const;
      const [{ n }] = await tx.sql<{ n: number }>`
        select count(*)::int as n from kindergarten_photos where kindergarten_id = ${kgId}`;
      if (Number(n) >= MAX_PHOTOS) {
        return { ok: false, reason: "limit" } as const;
      }
      const [row] = await tx.sql<PhotoRow>`
        insert into kindergarten_photos (kindergarten_id, storage_key, content_type,
          size_bytes, sha256)
        values (${kgId}, ${key}, ${check.type}, ${options.bytes.length}, ${sha256})
        returning id, kindergarten_id, storage_key, content_type, size_bytes`;
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "kindergarten.photo.add",
        objectType: "kindergarten_photo",
        objectId: Number(row.id),
        before: null,
        after: { ...toPhoto(row), sha256 },
      });
      return { ok: true, id: Number(row.id) } as const;
    });
    if (!outcome.ok) await storage.delete(key);
    return outcome;
  } catch (error) {
    await storage.delete(key).catch(() => {});
    throw error;
  }
}

/**
 * Removes a photo, audited (`kindergarten.photo.delete`, before); the object goes after the
 * row is gone.
 *
 * @example
 * ```ts
 * import { deletePhoto } from "@/domain/kindergartens.ts";
 * // await deletePhoto(db, storage, { actorId, kindergartenId: 1, photoId: 7 });
 * ```
 */
export async function deletePhoto(
  db: Db,
  storage: Storage,
  options: { actorId: number; kindergartenId: number; photoId: number },
): Promise<boolean> {
  const removed = await db.transaction(async (tx) => {
    const rows = await tx.sql<PhotoRow>`
      delete from kindergarten_photos
      where id = ${options.photoId} and kindergarten_id = ${options.kindergartenId}
      returning id, kindergarten_id, storage_key, content_type, size_bytes`;
    if (rows.length === 0) return null;
    const before = toPhoto(rows[0]);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "kindergarten.photo.delete",
      objectType: "kindergarten_photo",
      objectId: before.id,
      before,
      after: null,
    });
    return before;
  });
  if (!removed) return false;
  await storage.delete(removed.storageKey).catch(() => {});
  return true;
}

/** The rounds whose recruitments use a kindergarten (deleting it is refused then). */
export interface RoundRef {
  id: number;
  name: string;
}

/**
 * The rounds with a recruitment at this kindergarten, by id.
 *
 * @example
 * ```ts
 * import { roundsUsingKindergarten } from "@/domain/kindergartens.ts";
 * // (await roundsUsingKindergarten(db, 1)).map((r) => r.name)
 * ```
 */
export async function roundsUsingKindergarten(
  db: Db,
  kindergartenId: number,
): Promise<RoundRef[]> {
  const rows = await db.sql<{ id: number; name: string }>`
    select distinct r.id, r.name from recruitments rc join rounds r on r.id = rc.round_id
    where rc.kindergarten_id = ${kindergartenId} order by r.id`;
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** What a kindergarten's deletion takes with it. */
export interface KindergartenParts {
  photos: KindergartenPhoto[];
  enrolments: { childId: number; since: string; until: string | null }[];
}

/**
 * What deleting a kindergarten would remove besides its details and classes.
 *
 * @example
 * ```ts
 * import { kindergartenParts } from "@/domain/kindergartens.ts";
 * // const { photos, enrolments } = await kindergartenParts(db, 1);
 * ```
 */
export async function kindergartenParts(
  db: Db,
  kindergartenId: number,
): Promise<KindergartenParts> {
  const enrolments = await db.sql<
    { child_id: number; since: string; until: string | null }
  >`
    select child_id, since::text as since, until::text as until from enrolments
    where kindergarten_id = ${kindergartenId} order by child_id`;
  return {
    photos: await kindergartenPhotos(db, kindergartenId),
    enrolments: enrolments.map((e) => ({
      childId: Number(e.child_id),
      since: e.since,
      until: e.until,
    })),
  };
}

/**
 * Deletes a kindergarten that no recruitment uses, with its classes, photos and enrolment
 * records, in one transaction: one audit row per object (`kindergarten.delete`,
 * `kindergarten.photo.delete`, `enrolment.delete`, each with before) sharing a batch id. The
 * photo objects are removed from storage after the transaction commits (a failed removal
 * leaves an orphan object, never a row without its object). Refused, naming the rounds, when
 * a recruitment uses it.
 *
 * @example
 * ```ts
 * import { deleteKindergarten } from "@/domain/kindergartens.ts";
 * // const outcome = await deleteKindergarten(db, storage, { actorId, id: 1 });
 * ```
 */
export async function deleteKindergarten(
  db: Db,
  storage: Storage,
  options: { actorId: number; id: number },
): Promise<
  | { ok: true }
  | { ok: false; reason: "notFound" }
  | { ok: false; reason: "inUse"; rounds: RoundRef[] }
> {
  const id = options.id;
  const batchId = newBatchId();
  const outcome = await db.transaction(async (tx) => {
    const locked = await tx
      .sql`select id from kindergartens where id = ${id} for update`;
    if (locked.length === 0) return { ok: false, reason: "notFound" } as const;
    // A recruitment added meanwhile waits for this lock (its foreign key check takes a share
    // lock on the row), so the check below holds until the commit.
    const rounds = await roundsUsingKindergarten(tx, id);
    if (rounds.length) return { ok: false, reason: "inUse", rounds } as const;
    const before = await kindergartenById(tx, id);
    const parts = await kindergartenParts(tx, id);
    const audit = (
      action: string,
      objectType: string,
      objectId: string | number,
      was: unknown,
    ) =>
      recordAudit(tx, {
        actorId: options.actorId,
        action,
        objectType,
        objectId,
        before: was,
        after: null,
        batchId,
      });
    await tx.sql`delete from enrolments where kindergarten_id = ${id}`;
    for (const e of parts.enrolments) {
      await audit("enrolment.delete", "enrolment", `${id}:${e.childId}`, {
        kindergartenId: id,
        ...e,
      });
    }
    await tx.sql`delete from kindergarten_photos where kindergarten_id = ${id}`;
    for (const p of parts.photos) {
      await audit("kindergarten.photo.delete", "kindergarten_photo", p.id, p);
    }
    await tx
      .sql`delete from kindergarten_classes where kindergarten_id = ${id}`;
    await tx.sql`delete from kindergartens where id = ${id}`;
    await audit("kindergarten.delete", "kindergarten", id, before);
    return { ok: true, keys: parts.photos.map((p) => p.storageKey) } as const;
  });
  if (!outcome.ok) return outcome;
  for (const key of outcome.keys) await storage.delete(key).catch(() => {});
  return { ok: true };
}
