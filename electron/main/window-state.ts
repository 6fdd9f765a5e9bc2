/**
 * The window's size and position, remembered in a small JSON file in the user-data folder and
 * restored only where a display still shows it (a monitor unplugged since must not leave the
 * window off screen).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect | null;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
const MIN_VISIBLE = 100;

export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { bounds?: unknown; maximized?: unknown };
    const b = raw.bounds as Partial<Rect> | null | undefined;
    const valid =
      b !== null &&
      b !== undefined &&
      [b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
      (b.width ?? 0) >= 400 &&
      (b.height ?? 0) >= 300;
    return { bounds: valid ? (b as Rect) : null, maximized: raw.maximized === true };
  } catch {
    return { bounds: null, maximized: false };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify(state), 'utf8');
    renameSync(temp, file);
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}

/** The saved bounds if enough of them lies on one of the displays' work areas, else null (centre). */
export function visibleBounds(saved: Rect | null, workAreas: readonly Rect[]): Rect | null {
  if (!saved) return null;
  const onScreen = workAreas.some((area) => {
    const w = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x);
    const h = Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y);
    return w >= MIN_VISIBLE && h >= MIN_VISIBLE;
  });
  return onScreen ? saved : null;
}
