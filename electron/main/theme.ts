/**
 * The window's background before the page paints (and behind it while resizing): the renderer's
 * own `--bg` for the operating system's light or dark appearance, so a window opens in the
 * theme's colour instead of flashing white or black. A transparent colour would need a
 * `transparent` window, which Concilia is not. Kept equal to renderer/src/styles/app.css by a test.
 */
export const WINDOW_BACKGROUND = { light: '#f5f6f8', dark: '#12161c' } as const;

export function windowBackground(theme: { readonly shouldUseDarkColors: boolean }): string {
  return theme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}
