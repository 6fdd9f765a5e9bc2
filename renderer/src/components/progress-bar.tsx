interface Props {
  value: number | null;
  max: number;
  label: string;
  valueText?: string;
  /** How the work went: a failed or stopped job does not look finished. */
  tone?: 'running' | 'done' | 'failed' | 'stopped';
}

/** A determinate bar when the total is known, an indeterminate one (no aria-valuenow) otherwise. */
export function ProgressBar({ value, max, label, valueText, tone = 'running' }: Props) {
  const known = value !== null && max > 0;
  const ratio = known ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div
      className={`progress progress-${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? max : undefined}
      aria-valuenow={known ? value : undefined}
      aria-valuetext={valueText}
      data-tone={tone}
    >
      <div className={known ? 'progress-fill' : 'progress-fill indeterminate'} style={known ? { width: `${ratio * 100}%` } : undefined} />
    </div>
  );
}
