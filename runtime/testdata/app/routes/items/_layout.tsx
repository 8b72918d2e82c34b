import type { LayoutProps } from "$fresh/server.ts";

export default function ItemsLayout({ Component }: LayoutProps) {
  return (
    <section class="layout-items">
      <Component />
    </section>
  );
}
