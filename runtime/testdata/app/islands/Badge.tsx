import { useState } from "preact/hooks";

export function Badge({ text }: { text: string }) {
  const [on, setOn] = useState(false);
  return (
    <button type="button" class="badge" onClick={() => setOn(!on)}>
      {text}:{on ? "on" : "off"}
    </button>
  );
}
