/**
 * Client boot: reads the island props block, walks the comment markers the
 * server left around each island and hydrates every island on its own.
 * Bundled by esbuild for the browser; imports bare package names only.
 * @module
 */

import { type ComponentChildren, type ComponentType, h, hydrate } from "preact";
import { hooks } from "../shared.ts";

/** Island name → component, as passed by the inline boot script. */
export type IslandComponents = Record<
  string,
  ComponentType<Record<string, unknown>>
>;

interface BootState {
  buildId: string;
  props: unknown[];
}

const SIGNAL_KEY = "__frsh_signal";
const ISLAND_START = /^frsh-island:(.+):(\d+)$/;

type MakeSignal = (value: unknown) => unknown;

/** Turns `{ __frsh_signal: v }` back into signals. */
function revive(value: unknown, signal: MakeSignal | null): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v, signal));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (signal && SIGNAL_KEY in obj && Object.keys(obj).length === 1) {
    return signal(revive(obj[SIGNAL_KEY], signal));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = revive(v, signal);
  return out;
}

function isComment(node: Node | null, data?: string): node is Comment {
  return !!node && node.nodeType === 8 &&
    (data === undefined || (node as Comment).data === data);
}

/** The sibling comment `<!--data-->` after `start`, if any. */
function findSibling(start: Node, data: string): Comment | null {
  for (let n = start.nextSibling; n; n = n.nextSibling) {
    if (isComment(n, data)) return n;
  }
  return null;
}

/** Depth-first search for `<!--data-->` among `nodes` and their children. */
function findComment(nodes: Node[], data: string): Comment | null {
  for (const node of nodes) {
    if (isComment(node, data)) return node;
    const found = findComment([...node.childNodes], data);
    if (found) return found;
  }
  return null;
}

function between(start: Node, end: Node): Node[] {
  const out: Node[] = [];
  for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
    out.push(n);
  }
  return out;
}

/**
 * A stand-in parent for the nodes between two comments, so Preact can
 * hydrate and later re-render a range of siblings instead of an element.
 */
function rangeParent(start: Comment, end: Comment): Element {
  const parent = start.parentNode as Element;
  const range = {
    nodeType: 1,
    namespaceURI: parent.namespaceURI,
    parentNode: parent,
    get firstChild() {
      const n = start.nextSibling;
      return n === end ? null : n;
    },
    get childNodes() {
      return between(start, end);
    },
    insertBefore(node: Node, ref: Node | null) {
      return parent.insertBefore(node, ref ?? end);
    },
    appendChild(node: Node) {
      return parent.insertBefore(node, end);
    },
    removeChild(node: Node) {
      return parent.removeChild(node);
    },
    contains(node: Node) {
      return between(start, end).some((n) => n === node || n.contains(node));
    },
  };
  return range as unknown as Element;
}

class Booter {
  #islands: IslandComponents;
  #state: BootState;
  #signal: MakeSignal | null;

  constructor(
    islands: IslandComponents,
    state: BootState,
    signal: MakeSignal | null,
  ) {
    this.#islands = islands;
    this.#state = state;
    this.#signal = signal;
  }

  /** Props (with slot children rebuilt from the DOM) of island `index`. */
  props(index: number, nodes: Node[]): Record<string, unknown> {
    const props = revive(
      this.#state.props[index] ?? {},
      this.#signal,
    ) as Record<
      string,
      unknown
    >;
    const slot = findComment(nodes, `frsh-slot:${index}:children`);
    if (slot) {
      const end = findSibling(slot, `/frsh-slot:${index}`);
      props.children = this.vnodes(between(slot, end ?? slot));
    }
    return props;
  }

  /** Converts server-rendered nodes (slot content) into matching vnodes. */
  vnodes(nodes: Node[]): ComponentChildren[] {
    const out: ComponentChildren[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.nodeType === 3) out.push((node as Text).data);
      else if (isComment(node)) {
        const m = ISLAND_START.exec(node.data);
        if (!m) continue;
        const endAt = nodes.findIndex((n, j) =>
          j > i && isComment(n, `/frsh-island:${m[2]}`)
        );
        const inner = nodes.slice(i + 1, endAt < 0 ? nodes.length : endAt);
        const component = this.#islands[m[1]];
        if (component) out.push(h(component, this.props(Number(m[2]), inner)));
        if (endAt < 0) break;
        i = endAt;
      } else if (node.nodeType === 1) {
        const el = node as Element;
        const props: Record<string, string | boolean> = {};
        for (const attr of el.attributes) {
          // `disabled=""` must stay truthy if Preact ever re-creates the node.
          const isFlag =
            typeof (el as unknown as Record<string, unknown>)[attr.name] ===
              "boolean";
          props[attr.name] = isFlag || attr.value;
        }
        out.push(h(el.localName, props, ...this.vnodes([...el.childNodes])));
      }
    }
    return out;
  }

  /** Hydrates every top-level island below `root`. */
  walk(root: Node): void {
    for (let node = root.firstChild; node; node = node.nextSibling) {
      if (isComment(node)) {
        const m = ISLAND_START.exec(node.data);
        const end = m && findSibling(node, `/frsh-island:${m[2]}`);
        if (!m || !end) continue;
        this.hydrateRange(m[1], Number(m[2]), node, end);
        node = end;
      } else if (
        node.nodeType === 1 && (node as Element).localName !== "script"
      ) {
        this.walk(node);
      }
    }
  }

  hydrateRange(
    name: string,
    index: number,
    start: Comment,
    end: Comment,
  ): void {
    const component = this.#islands[name];
    if (!component) {
      console.error(`Island "${name}" was not loaded`);
      return;
    }
    try {
      const props = this.props(index, between(start, end));
      hydrate(h(component, props), rangeParent(start, end));
    } catch (error) {
      console.error(`Island "${name}" failed to hydrate`, error);
    }
  }
}

/**
 * Hydrates the islands of the current page. Called by the page's inline
 * module script with the island components it imported.
 */
export async function boot(islands: IslandComponents): Promise<void> {
  const text = document.getElementById("__FRSH_STATE")?.textContent ?? "";
  const state: BootState = text ? JSON.parse(text) : { buildId: "", props: [] };
  hooks.buildId = state.buildId;
  let signal: MakeSignal | null = null;
  if (text.includes(`"${SIGNAL_KEY}"`)) {
    signal = (await import("@preact/signals")).signal;
  }
  new Booter(islands, state, signal).walk(document.body);
}
