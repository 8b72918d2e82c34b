import type { LayoutProps } from "$fresh/server.ts";

export default function MarketingLayout({ Component }: LayoutProps) {
  return (
    <div class="layout-marketing">
      <Component />
    </div>
  );
}
