import type { Handlers, PageProps } from "$fresh/server.ts";

export const handler: Handlers<string> = {
  GET(_req, ctx) {
    return ctx.render("empty");
  },
  async POST(req, ctx) {
    const form = await req.formData();
    return ctx.render(`got ${form.get("name")}`, { status: 201 });
  },
};

export default function Form({ data }: PageProps<string>) {
  return (
    <form method="post">
      <input name="name" />
      <output>{data}</output>
    </form>
  );
}
