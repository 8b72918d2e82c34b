import type { JSX } from "preact";
import { ErrorSummary, FileField, Form } from "@/components/form/mod.ts";
import { MAX_PHOTOS } from "@/domain/kindergartens.ts";
import type { Translate } from "@/i18n/mod.ts";

/** The one-photo upload form of a kindergarten (multipart, JPEG or PNG). */
export function PhotoUpload(
  props: {
    t: Translate;
    csrfToken: string;
    kindergartenId: number;
    errors?: Record<string, string>;
  },
): JSX.Element {
  const { t } = props;
  const errors = props.errors ?? {};
  return (
    <Form
      csrfToken={props.csrfToken}
      action={`/admin/kindergartens/${props.kindergartenId}/photos`}
      multipart
      idempotencyKey
    >
      <ErrorSummary t={t} errors={errors} labels={{ photo: t("kg.photo") }} />
      <FileField
        t={t}
        name="photo"
        label={t("kg.photo")}
        hint={t("kg.photosHint", { max: MAX_PHOTOS })}
        accept=".jpg,.jpeg,.png,image/jpeg,image/png"
        error={errors.photo}
        required
      />
      <button type="submit">{t("kg.addPhoto")}</button>
    </Form>
  );
}
