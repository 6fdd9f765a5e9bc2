import { describe, expect, it } from 'vitest';
import { checkMacEnv, checkReleaseEnv, checkWinEnv } from '../../../scripts/notarize-env-check.ts';

const cert = { CSC_LINK: 'base64-p12', CSC_KEY_PASSWORD: 'pw' };
const apiKey = { APPLE_API_KEY: '/runner/AuthKey.p8', APPLE_API_KEY_ID: 'ABC123', APPLE_API_ISSUER: 'issuer-uuid' };
const appleId = { APPLE_ID: 'release@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123' };
const keyExists = (path: string): boolean => path === '/runner/AuthKey.p8';

describe('checkMacEnv', () => {
  it('accepts the API key (preferred) or the Apple ID', () => {
    expect(checkMacEnv({ ...cert, ...apiKey }, keyExists)).toEqual({
      ok: true,
      summary: ['signing: Developer ID certificate from CSC_LINK', 'notarization: App Store Connect API key'],
      problems: [],
    });
    expect(checkMacEnv({ ...cert, ...appleId }, keyExists).ok).toBe(true);
  });

  it('names what is missing, never a value', () => {
    const result = checkMacEnv({ CSC_LINK: 'secret-p12', APPLE_API_KEY_ID: 'ABC123' }, keyExists);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'Developer ID certificate: set CSC_KEY_PASSWORD (the exported .p12, base64, and its password).',
      'Notarization with an App Store Connect API key: also set APPLE_API_KEY, APPLE_API_ISSUER.',
    ]);
    expect(result.problems.join(' ')).not.toContain('secret-p12');
    expect(result.problems.join(' ')).not.toContain('ABC123');
  });

  it('fails when nothing would notarize (electron-builder would only warn)', () => {
    expect(checkMacEnv({ ...cert }, keyExists).problems).toEqual([
      'Notarization: set APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER (preferred) or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID.',
    ]);
  });

  it('refuses both methods at once, and a key path that does not exist', () => {
    expect(checkMacEnv({ ...cert, ...apiKey, APPLE_ID: 'x@example.com' }, keyExists).problems[0]).toMatch(/both the API key .* keep only the API key ones/);
    expect(checkMacEnv({ ...cert, ...apiKey, APPLE_API_KEY: '-----BEGIN PRIVATE KEY-----' }, keyExists).problems).toEqual([
      'Notarization: APPLE_API_KEY must be the path of the AuthKey_XXXX.p8 file on this runner, and that file does not exist.',
    ]);
  });
});

describe('checkWinEnv and checkReleaseEnv', () => {
  it('needs the Azure service principal', () => {
    expect(checkWinEnv({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }).ok).toBe(true);
    expect(checkWinEnv({ AZURE_TENANT_ID: 't' }).problems).toEqual([
      'Azure Trusted Signing: set AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (the service principal allowed to sign with the certificate profile).',
    ]);
  });

  it('needs the update feed URL for every release build', () => {
    const win = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' };
    expect(checkReleaseEnv('win', win).problems).toEqual(['Update feed: set CONCILIA_UPDATE_URL (the https folder installed apps check for updates).']);
    expect(checkReleaseEnv('win', { ...win, CONCILIA_UPDATE_URL: 'https://updates.example.com/concilia/' }).ok).toBe(true);
    expect(checkReleaseEnv('mac', { ...cert, ...apiKey, CONCILIA_UPDATE_URL: 'https://u.example/' }, keyExists).ok).toBe(true);
  });
});
