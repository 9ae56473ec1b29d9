/**
 * A uPlot chart owned by a preact component: created once per container, rebuilt when its options
 * change (series or theme), fed new data otherwise, resized with its container, destroyed on unmount.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export function useUplot(makeOptions: (width: number) => uPlot.Options, data: uPlot.AlignedData, optionsKey: string) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const width = Math.max(200, el.clientWidth);
    chart.current = new uPlot(makeOptions(width), dataRef.current, el);
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (chart.current && chart.current.width !== w) chart.current.setSize({ width: w, height: chart.current.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // makeOptions is rebuilt every render; optionsKey says when it really changed.
  }, [optionsKey]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return container;
}
