import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { IS_BROWSER } from "$fresh/runtime.ts";
import { Badge } from "./Badge.tsx";

interface CounterProps {
  count: Signal<number>;
  label: string;
  children?: ComponentChildren;
}

export default function Counter({ count, label, children }: CounterProps) {
  return (
    <div class="counter">
      <span class="count">{count}</span> {label}
      <button type="button" onClick={() => count.value++}>
        +1
      </button>
      <span class="where">{IS_BROWSER ? "browser" : "server"}</span>
      <Badge text="inner" />
      <div class="children">{children}</div>
    </div>
  );
}
