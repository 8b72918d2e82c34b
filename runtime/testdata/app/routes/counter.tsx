import { signal } from "@preact/signals";
import Counter from "../islands/Counter.tsx";
import { Badge } from "../islands/Badge.tsx";

export default function CounterPage() {
  const count = signal(3);
  return (
    <div>
      <Counter count={count} label="clicks">
        <em class="slot">server child</em>
        <Badge text="nested" />
      </Counter>
    </div>
  );
}
