/**
 * Server side of islands: a registry of island components, a Preact
 * `options.__b` hook that wraps their output in comment markers while a page
 * renders, and the serializer for their props.
 * @module
 */

import {
  type ComponentChildren,
  createContext,
  Fragment,
  type FunctionComponent,
  h,
  isValidElement,
  options,
  type VNode,
} from "preact";
import { useContext } from "preact/hooks";
import type { Manifest } from "./types.ts";

/** One exported island component. */
export interface IslandInfo {
  /** Unique name: file path under `islands/` (no extension), plus `.export`
   * for named exports, e.g. `Counter` or `admin/Tools.Picker`. */
  name: string;
  /** Manifest key of the module, e.g. `./islands/Counter.tsx`. */
  file: string;
  /** Export name inside the module (`default` or the named export). */
  exportName: string;
}

/** Props of the islands rendered by one page, in marker order. */
export interface IslandRecorder {
  /** Serialized props per island instance (index = marker index). */
  props: unknown[];
  /** Islands used by the page. */
  used: Set<IslandInfo>;
}

/** Key that marks a serialized signal inside island props. */
export const SIGNAL_KEY = "__frsh_signal";

// deno-lint-ignore no-explicit-any
type AnyComponent = (props: any) => ComponentChildren;

const wrappers = new WeakMap<AnyComponent, AnyComponent>();
const InIsland = createContext(false);
let recorder: IslandRecorder | null = null;

/** Island name for an export of an island file. */
export function islandName(file: string, exportName: string): string {
  const base = file.replace(/^\.\/islands\//, "").replace(/\.[^./]+$/, "");
  return exportName === "default" ? base : `${base}.${exportName}`;
}

/**
 * Registers every exported function of the manifest's island modules and
 * returns their descriptions. Safe to call again with another manifest.
 */
export function registerIslands(manifest: Manifest): IslandInfo[] {
  const out: IslandInfo[] = [];
  for (const file of Object.keys(manifest.islands).sort()) {
    const mod = manifest.islands[file] as Record<string, unknown>;
    for (const exportName of Object.keys(mod).sort()) {
      const component = mod[exportName];
      if (typeof component !== "function") continue;
      const info = { name: islandName(file, exportName), file, exportName };
      out.push(info);
      if (!wrappers.has(component as AnyComponent)) {
        wrappers.set(
          component as AnyComponent,
          makeWrapper(info, component as AnyComponent),
        );
      }
    }
  }
  return out;
}

/** Runs `fn` (a synchronous render) while recording islands into `rec`. */
export function withIslandRecorder<T>(rec: IslandRecorder, fn: () => T): T {
  const previous = recorder;
  recorder = rec;
  try {
    return fn();
  } finally {
    recorder = previous;
  }
}

function comment(text: string): VNode {
  return h(Fragment, { UNSTABLE_comment: text } as Record<string, unknown>);
}

function makeWrapper(info: IslandInfo, component: AnyComponent): AnyComponent {
  const Island: FunctionComponent<Record<string, unknown>> = (props) => {
    const inside = useContext(InIsland);
    const rec = recorder;
    if (!rec || inside) return component(props);
    const index = rec.props.length;
    const { children, ...rest } = props;
    rec.props.push(serializeProps(info.name, rest));
    rec.used.add(info);
    const innerProps = children == null ? props : {
      ...rest,
      children: h(
        Fragment,
        null,
        comment(`frsh-slot:${index}:children`),
        h(InIsland.Provider, { value: false }, children as ComponentChildren),
        comment(`/frsh-slot:${index}`),
      ),
    };
    return h(
      InIsland.Provider,
      { value: true },
      comment(`frsh-island:${info.name}:${index}`),
      component(innerProps),
      comment(`/frsh-island:${index}`),
    );
  };
  Island.displayName = `Island(${info.name})`;
  return Island as AnyComponent;
}

/**
 * Serializes island props to JSON-safe values. Signals become
 * `{ __frsh_signal: value }`; functions, JSX (outside `children`) and other
 * non-JSON values throw an error naming the island and the prop.
 */
export function serializeProps(island: string, props: unknown): unknown {
  const seen = new Set<object>();
  const fail = (path: string, what: string): never => {
    throw new TypeError(
      `Island "${island}": prop "${path}" is ${what}. Island props must be ` +
        `JSON values, signals or JSX children (functions cannot be sent ` +
        `to the browser).`,
    );
  };
  const encode = (value: unknown, path: string): unknown => {
    switch (typeof value) {
      case "string":
      case "boolean":
      case "undefined":
        return value;
      case "number":
        return Number.isFinite(value) ? value : null;
      case "function":
        return fail(path, "a function");
      case "bigint":
      case "symbol":
        return fail(path, `a ${typeof value}`);
    }
    if (value === null) return null;
    const obj = value as Record<string, unknown>;
    if (obj.brand === Symbol.for("preact-signals")) {
      return {
        [SIGNAL_KEY]: encode((obj as { peek(): unknown }).peek(), path),
      };
    }
    if (isValidElement(obj)) return fail(path, "JSX (only children may be)");
    if (seen.has(obj)) return fail(path, "a circular reference");
    seen.add(obj);
    try {
      if (typeof obj.toJSON === "function") {
        return encode((obj.toJSON as () => unknown)(), path);
      }
      if (Array.isArray(obj)) {
        return obj.map((v, i) => encode(v, `${path}[${i}]`) ?? null);
      }
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(obj)) {
        if (key === SIGNAL_KEY) fail(path, `using the reserved key ${key}`);
        const encoded = encode(v, path ? `${path}.${key}` : key);
        if (encoded !== undefined) out[key] = encoded;
      }
      return out;
    } finally {
      seen.delete(obj);
    }
  };
  return encode(props, "");
}

// Swap island components for their wrappers just before each vnode renders.
const internal = options as unknown as Record<string, unknown>;
const previousDiff = internal.__b as ((vnode: VNode) => void) | undefined;
internal.__b = (vnode: VNode) => {
  if (typeof vnode.type === "function") {
    const wrapper = wrappers.get(vnode.type as AnyComponent);
    if (wrapper) (vnode as { type: unknown }).type = wrapper;
  }
  previousDiff?.(vnode);
};
