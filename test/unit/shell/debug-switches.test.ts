import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTestBuildManifest, refusedDebugSwitch, type DebugSwitchInputs } from '../../../electron/main/debug-switches.ts';

const none = (): boolean => false;
const released = (argv: string[], overrides: Partial<DebugSwitchInputs> = {}): string | null =>
  refusedDebugSwitch({ argv: ['/opt/Concilia/concilia', ...argv], hasSwitch: none, isPackaged: true, isTestBuild: false, platform: 'linux', ...overrides });

describe('remote-debugging switches', () => {
  it('are refused in a packaged release build, however they are written', () => {
    expect(released(['--remote-debugging-port=9222'])).toBe('remote-debugging-port');
    expect(released(['--remote-debugging-port', '9222'])).toBe('remote-debugging-port');
    expect(released(['-remote-debugging-port=0'])).toBe('remote-debugging-port');
    expect(released(['--remote-debugging-pipe'])).toBe('remote-debugging-pipe');
    expect(released(['--remote-debugging-address=0.0.0.0'])).toBe('remote-debugging-address');
    expect(released(['/REMOTE-DEBUGGING-PORT=1'], { platform: 'win32' })).toBe('remote-debugging-port');
    expect(released(['--Remote-Debugging-Pipe'], { platform: 'win32' })).toBe('remote-debugging-pipe');
    // What Chromium parsed counts even when argv does not show it.
    expect(released([], { hasSwitch: (name) => name === 'remote-debugging-pipe' })).toBe('remote-debugging-pipe');
  });

  it('let ordinary starts, file arguments, development and the smoke-test build through', () => {
    expect(released([])).toBeNull();
    expect(released(['--lang=es', '/home/ana/remote-debugging-port.xlsx'])).toBeNull();
    expect(released(['--', '--remote-debugging-port=1'])).toBeNull();
    expect(released(['--remote-debugging-port=9222'], { isPackaged: false })).toBeNull();
    expect(released(['--remote-debugging-port=0'], { isTestBuild: true })).toBeNull();
  });

  it('recognise the smoke-test build only by the mark electron-builder.test.yml packs', () => {
    expect(isTestBuildManifest('{"name":"concilia","concilia":{"testBuild":true}}')).toBe(true);
    expect(isTestBuildManifest('{"name":"concilia","concilia":{"testBuild":"yes"}}')).toBe(false);
    expect(isTestBuildManifest('{"name":"concilia"}')).toBe(false);
    expect(isTestBuildManifest('not json')).toBe(false);
    expect(isTestBuildManifest(null)).toBe(false);
    const testConfig = readFileSync(join(import.meta.dirname, '../../../electron-builder.test.yml'), 'utf8');
    expect(testConfig).toMatch(/extraMetadata:\n\s+concilia:\n\s+testBuild: true/);
    expect(readFileSync(join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8')).not.toMatch(/testBuild/);
  });

  it('are checked by main first, before the app is ready, and make it exit', () => {
    const main = readFileSync(join(import.meta.dirname, '../../../electron/main/index.ts'), 'utf8');
    const check = main.indexOf('refusedDebugSwitch({');
    expect(check).toBeGreaterThan(0);
    for (const later of ['registerAppScheme();', 'app.requestSingleInstanceLock()', '.whenReady()']) {
      expect(main.indexOf(later), later).toBeGreaterThan(check);
    }
    expect(main.slice(check, main.indexOf('registerAppScheme();'))).toMatch(/if \(debugSwitch !== null\) \{[\s\S]*app\.exit\(1\)/);
  });
});
