import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** Built from the element's width; called again on resize. */
  options: (width: number, palette: Palette) => uPlot.Options;
  data: uPlot.AlignedData;
  caption: string;
  /** The same figures as a table for screen readers (charts are images to them). */
  table: ReactNode;
  testId?: string;
}

export interface Palette {
  series: string[];
  text: string;
  grid: string;
}

function palette(el: HTMLElement): Palette {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    series: ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5'].map(v),
    text: v('--muted'),
    grid: v('--grid-line'),
  };
}

/** uPlot in a <figure>: the canvas is hidden from assistive tech, the data table is not. */
export function Chart({ options, data, caption, table, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(320, el.clientWidth);
    const u = new uPlot(optionsRef.current(width, palette(el)), data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (Math.abs(w - u.width) > 4) u.setSize({ width: w, height: u.height });
    });
    ro.observe(el);
    // Rebuild on a theme switch so axis and grid colours follow the system.
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onTheme = () => {
      u.destroy();
      plot.current = new uPlot(optionsRef.current(Math.max(320, el.clientWidth), palette(el)), data, el);
    };
    media.addEventListener('change', onTheme);
    return () => {
      media.removeEventListener('change', onTheme);
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data]);

  return (
    <figure className="chart-figure" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <div ref={host} className="chart" aria-hidden="true" />
      <div className="sr-only">{table}</div>
    </figure>
  );
}

export function axis(p: Palette, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return { stroke: p.text, grid: { stroke: p.grid, width: 1 }, ticks: { stroke: p.grid, width: 1 }, ...extra };
}
