/**
 * A memo of a pure function of a name, for hot paths where telemetry repeats the same names span
 * after span (the decoders hand out one string per name, so a hit is one Map lookup). Bounded:
 * telemetry with ever-new names only clears and refills it, never grows it.
 */
export function boundedMemo<V>(size: number, compute: (name: string) => V): (name: string) => V {
  const memo = new Map<string, V>();
  return (name) => {
    let value = memo.get(name);
    if (value === undefined) {
      if (memo.size >= size) memo.clear();
      memo.set(name, (value = compute(name)));
    }
    return value;
  };
}
