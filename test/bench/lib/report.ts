/**
 * docs/benchmarks.md: one table per benchmark, every figure beside its baseline and its target,
 * and the machine it was measured on.
 */
import type { BenchReport, BenchRow, BenchSection } from './types.ts';
import type { Spread } from './stats.ts';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  // One decimal below 100 ms: frame times of 16.7 and 17.4 ms must not both read "17 ms".
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

function spreadMs(s: Spread): string {
  if (s.n <= 1) return 'n=1';
  return `${formatMs(s.min)}–${formatMs(s.max)} (IQR ${formatMs(s.q1)}–${formatMs(s.q3)}, n=${s.n})`;
}

function mb(s: Spread | undefined): string {
  if (!s) return '–';
  return s.n <= 1 || Math.abs(s.max - s.min) < 1 ? `${s.median.toFixed(0)} MB` : `${s.median.toFixed(0)} MB (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
}

function perRow(row: BenchRow): string {
  if (row.count <= 0) return '–';
  const us = (row.candidateMs.median * 1000) / row.count;
  return us >= 100 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

export function sectionMarkdown(section: BenchSection): string {
  const lines: string[] = [`## ${section.title}`, ''];
  lines.push(`- Candidate: ${section.candidate}`, `- Baseline: ${section.baseline}`, `- Took ${formatMs(section.elapsedMs)} of the run.`, '');
  if (section.error) {
    lines.push(`**Not measured:** ${escapeCell(section.error)}`, '');
  }
  if (section.rows.length > 0) {
    const extraKeys = [...new Set(section.rows.flatMap((r) => Object.keys(r.extra ?? {})))];
    const header = ['Size', 'Median', 'Spread', 'Baseline median', 'Ratio (min–max)', 'Per row', 'Peak RSS', 'Baseline RSS', ...extraKeys, 'Target', 'Result'];
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const row of section.rows) {
      const ratio = row.ratio ? `${formatRatio(row.ratio.median)} (${formatRatio(row.ratio.min)}–${formatRatio(row.ratio.max)})` : '–';
      const targets = row.checks.map((c) => `${c.target}: ${c.actual}`).join('<br>') || '–';
      const verdict = row.checks.length === 0 ? '–' : row.checks.map((c) => (c.pass ? 'PASS' : '**MISS**')).join('<br>');
      const cells = [
        row.label,
        formatMs(row.candidateMs.median),
        spreadMs(row.candidateMs),
        row.baselineMs ? formatMs(row.baselineMs.median) : '–',
        ratio,
        perRow(row),
        mb(row.candidateRssMB),
        mb(row.baselineRssMB),
        ...extraKeys.map((k) => row.extra?.[k] ?? '–'),
        targets,
        verdict,
      ];
      lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
    }
    lines.push('');
  }
  if (section.notes.length > 0) {
    lines.push('Notes:', '', ...section.notes.map((n) => `- ${n}`), '');
  }
  return lines.join('\n');
}

export function reportMarkdown(report: BenchReport): string {
  const m = report.machine;
  const allChecks = report.sections.flatMap((s) => s.rows.flatMap((r) => r.checks));
  const missed = allChecks.filter((c) => !c.pass).length;
  const failed = report.sections.filter((s) => s.error).map((s) => s.name);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`node test/bench/run.ts`); do not edit by hand. Every figure stands beside a',
    'baseline measured in the same run on the same rows, so the ratio holds on a noisy machine; times are',
    'medians of several runs with their spread. Peak memory is the maxRSS of a fresh child process per',
    'measurement.',
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.platform}`,
    `- Node ${m.node}; measured ${m.date}`,
    `- Options: ${report.options.quick ? 'quick (small sizes)' : 'full'}, ${report.options.runs} runs per size${report.options.only ? `, only ${report.options.only.join(', ')}` : ''}; the whole run took ${formatMs(report.totalMs)}`,
    `- Targets: ${allChecks.length - missed} met, ${missed} missed${failed.length > 0 ? `; not measured: ${failed.join(', ')}` : ''}`,
    '',
  ];
  for (const section of report.sections) lines.push(sectionMarkdown(section));
  return `${lines.join('\n').trimEnd()}\n`;
}
