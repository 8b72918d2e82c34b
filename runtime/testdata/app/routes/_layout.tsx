import type { LayoutProps } from "$fresh/server.ts";

export default function RootLayout({ Component }: LayoutProps) {
  return (
    <div class="layout-root">
      <Component />
    </div>
  );
}
