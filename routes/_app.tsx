import type { AppProps } from "$fresh/server.ts";
import { Document } from "@/components/Document.tsx";
import type { AppState } from "@/utils/state.ts";

/** The HTML shell of every page. */
export default function App({ Component, state }: AppProps<unknown, AppState>) {
  return (
    <Document state={state}>
      <Component />
    </Document>
  );
}
