/**
 * Flattened lists, as OpenInference and older OpenLLMetry send them (attribute values must be
 * primitives in many SDKs, so lists of objects become indexed keys):
 * `llm.input_messages.0.message.role`, `llm.input_messages.0.message.contents.1.message_content.text`.
 */

/** Indices above this are malformed (or hostile); such levels are kept as objects, not arrays. */
const MAX_LIST_INDEX = 100_000;

type Tree = Map<string, Tree | unknown>;

/**
 * `{ '0.a.b': 1, '0.c': 2, '1.a.b': 3 }` → `[{ a: { b: 1 }, c: 2 }, { a: { b: 3 } }]`. A level whose
 * keys are all integers becomes an array. Conflicts (a key that is both a leaf and a parent, from
 * malformed input) keep the leaf.
 */
export function unflatten(flat: Record<string, unknown>): unknown {
  const root: Tree = new Map();
  for (const [path, value] of Object.entries(flat)) {
    const segments = path.split('.');
    let node: Tree = root;
    let ok = true;
    for (let i = 0; i < segments.length - 1 && ok; i++) {
      const next = node.get(segments[i]);
      if (next === undefined) {
        const child: Tree = new Map();
        node.set(segments[i], child);
        node = child;
      } else if (next instanceof Map) node = next as Tree;
      else ok = false;
    }
    const last = segments[segments.length - 1];
    if (ok && !(node.get(last) instanceof Map)) node.set(last, value);
  }
  return materialize(root);
}

function materialize(node: unknown): unknown {
  if (!(node instanceof Map)) return node;
  const entries = [...(node as Tree).entries()];
  const allIndices = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k) && Number(k) <= MAX_LIST_INDEX);
  if (allIndices) {
    return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => materialize(v));
  }
  const obj: Record<string, unknown> = {};
  for (const [k, v] of entries) obj[k] = materialize(v);
  return obj;
}
