import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface BarSeries {
  label: string;
  /** A chart-* class: the colour comes from the theme's stylesheet. */
  tone: string;
  /** One value per category, for drawing only (the exact figures are in the table beside it). */
  values: (number | null)[];
  /** Per-bar tone instead of the series' one (e.g. above or below tolerance). */
  toneOf?: (index: number) => string;
}

export interface Band {
  label: string;
  /** Per category: the band spans −half … +half around zero. */
  half: (number | null)[];
}

interface Props {
  /** What the chart shows, in one sentence (its accessible name and caption). */
  caption: string;
  categories: string[];
  series: BarSeries[];
  band?: Band;
  formatTick: (value: number) => string;
  /** Legend entries when bars are coloured by more than their series (default: one per series). */
  legend?: { label: string; tone: string }[];
  height?: number;
  testId?: string;
  /** Under the chart (a table of the same figures). */
  children?: ReactNode;
}

const PAD = { top: 12, right: 12, bottom: 34, left: 64 };

/** Round tick steps (1, 2, 2.5, 5 × 10^n) covering [min, max] in about five steps, zero included. */
function ticks(min: number, max: number): number[] {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (hi === lo) return [0, 1];
  const raw = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const out: number[] = [];
  // From the step at or below the lowest value to the one at or above the highest.
  for (let i = Math.floor(lo / step); i <= Math.ceil(hi / step); i++) out.push(i === 0 ? 0 : i * step);
  return out;
}

function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Bars from zero (grouped when there are several series), with an optional band around zero —
 * plain SVG, coloured by the theme's stylesheet, named for assistive technology by its caption,
 * with its figures in the table under it.
 */
export function BarChart({ caption, categories, series, band, formatTick, legend, height = 240, testId, children }: Props) {
  const [host, width] = useWidth();
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const halves = band ? band.half.filter((v): v is number => v !== null) : [];
  const top = Math.max(0, ...values, ...halves);
  const bottom = Math.min(0, ...values, ...halves.map((h) => -h));
  const yTicks = ticks(bottom, top);
  const yMin = yTicks[0] ?? 0;
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = height - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + ((yMax - v) / (yMax - yMin || 1)) * plotH;
  const slot = categories.length > 0 ? plotW / categories.length : 0;
  const barW = Math.max(2, Math.min(40, (slot * 0.7) / Math.max(1, series.length)));
  // Thin the labels out so they never overlap (about 70 px each).
  const every = Math.max(1, Math.ceil(categories.length / Math.max(1, Math.floor(plotW / 70))));

  return (
    <figure className="chart-figure" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <div ref={host} className="bar-chart">
        {width > 0 ? (
          <svg width={width} height={height} role="img" aria-label={caption}>
            {yTicks.map((v) => (
              <g key={v} className="chart-grid">
                <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? 'chart-zero' : undefined} />
                <text x={PAD.left - 6} y={y(v)} dy="0.32em" textAnchor="end" className="chart-tick">
                  {formatTick(v)}
                </text>
              </g>
            ))}
            {band
              ? categories.map((c, i) => {
                  const half = band.half[i];
                  if (half === null || half === undefined || half <= 0) return null;
                  return <rect key={`band-${c}`} className="chart-band" x={PAD.left + i * slot} width={slot} y={y(half)} height={Math.max(1, y(-half) - y(half))} data-testid="chart-band" />;
                })
              : null}
            {series.map((s, si) =>
              s.values.map((v, i) => {
                if (v === null) return null;
                const x = PAD.left + i * slot + (slot - barW * series.length) / 2 + si * barW;
                const y0 = y(Math.max(0, v));
                const h = Math.max(1, Math.abs(y(v) - y(0)));
                return <rect key={`${s.label}-${categories[i] ?? i}`} className={`chart-bar ${s.toneOf?.(i) ?? s.tone}`} x={x} width={barW} y={y0} height={h} data-testid="chart-bar" />;
              }),
            )}
            {categories.map((c, i) =>
              i % every === 0 ? (
                <text key={c} x={PAD.left + i * slot + slot / 2} y={height - PAD.bottom + 16} textAnchor="middle" className="chart-tick">
                  {c}
                </text>
              ) : null,
            )}
          </svg>
        ) : null}
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {(legend ?? series).map((s) => (
          <li key={s.label}>
            <span className={`chart-swatch ${s.tone}`} />
            {s.label}
          </li>
        ))}
        {band ? (
          <li>
            <span className="chart-swatch chart-band" />
            {band.label}
          </li>
        ) : null}
      </ul>
      {children}
    </figure>
  );
}
