import type { Handlers, PageProps } from "$fresh/server.ts";
import { ChildFields, type ChildValues } from "@/components/ChildFields.tsx";
import { Form } from "@/components/form/mod.ts";
import { PageTitle } from "@/components/PageTitle.tsx";
import { addChild, type Child, familyChildren } from "@/domain/children.ts";
import { familyOf } from "@/domain/family.ts";
import { readChildForm, seoulDay } from "@/utils/child_form.ts";
import type { FormState } from "@/utils/form.ts";
import { redirect } from "@/utils/http.ts";
import type { SignedInState } from "@/utils/state.ts";

interface Data {
  children: Child[];
  state?: FormState<ChildValues>;
  done: string | null;
  today: string;
}

const DONE = new Set(["added", "updated", "removed"]);

/** My children: the family's children (both parents see the same list), and a form to add one. */
export const handler: Handlers<Data, SignedInState> = {
  async GET(req, ctx) {
    const { services, account, clock } = ctx.state;
    const family = await familyOf(services.db, account.id);
    const done = new URL(req.url).searchParams.get("done");
    return ctx.render({
      children: await familyChildren(services.db, family),
      done: done && DONE.has(done) ? done : null,
      today: seoulDay(clock.now()),
    });
  },
  async POST(_req, ctx) {
    const { services, account, clock, form } = ctx.state;
    const today = seoulDay(clock.now());
    const family = await familyOf(services.db, account.id);
    const children = await familyChildren(services.db, family);
    const result = readChildForm(form, today);
    if (!result.ok) {
      return ctx.render({ children, state: result.state, done: null, today }, {
        status: result.status,
      });
    }
    await addChild(services.db, { accountId: account.id, child: result.data });
    return redirect("/children?done=added");
  },
};

export default function ChildrenPage(
  { data, state }: PageProps<Data, SignedInState>,
) {
  const { t, csrfToken } = state;
  return (
    <>
      <PageTitle title={t("children.title")} t={t} />
      <h1>{t("children.title")}</h1>
      <p>{t("children.intro")}</p>
      {data.done && (
        <p class="success" role="status">
          {t(`children.done.${data.done}` as "children.done.added")}
        </p>
      )}
      {data.children.length === 0
        ? <p class="notice">{t("children.empty")}</p>
        : (
          <ul class="list">
            {data.children.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong> · {c.birthDate}{" "}
                <a href={`/children/${c.id}`}>
                  {t("children.edit", { name: c.name })}
                </a>
              </li>
            ))}
          </ul>
        )}
      <section class="card">
        <h2>{t("children.add")}</h2>
        <Form csrfToken={csrfToken} action="/children" idempotencyKey>
          <ChildFields t={t} state={data.state} today={data.today} />
          <button type="submit">{t("children.addButton")}</button>
        </Form>
      </section>
      {data.children.length > 0 && (
        <p>
          <a href="/">{t("children.next")}</a>
        </p>
      )}
    </>
  );
}
