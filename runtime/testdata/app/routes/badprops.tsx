import { Badge } from "../islands/Badge.tsx";

export default function BadProps() {
  // @ts-expect-error: functions are not valid island props
  return <Badge text="x" onPick={() => {}} />;
}
