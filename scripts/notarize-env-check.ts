// Fails a release job early, with one clear line per problem, when the signing or notarization
// secrets are incomplete. electron-builder itself only *warns* and skips notarization when the
// Apple variables are missing, which would publish a macOS build that Gatekeeper blocks.
// Never prints a secret's value, only variable names.
//
//   node scripts/notarize-env-check.ts --platform mac|win
import { existsSync } from 'node:fs';

export type ReleasePlatform = 'mac' | 'win';

export interface EnvCheck {
  readonly ok: boolean;
  /** What will be used, for the job log (no values). */
  readonly summary: readonly string[];
  readonly problems: readonly string[];
}

const API_KEY_SET = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'] as const;
const APPLE_ID_SET = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'] as const;
const AZURE_SET = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;

function present(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  return value !== undefined && value.trim() !== '';
}

function missing(env: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  return names.filter((name) => !present(env, name));
}

export function checkMacEnv(env: NodeJS.ProcessEnv, fileExists: (path: string) => boolean = existsSync): EnvCheck {
  const summary: string[] = [];
  const problems: string[] = [];

  const cert = missing(env, ['CSC_LINK', 'CSC_KEY_PASSWORD']);
  if (cert.length > 0) problems.push(`Developer ID certificate: set ${cert.join(' and ')} (the exported .p12, base64, and its password).`);
  else summary.push('signing: Developer ID certificate from CSC_LINK');

  const apiMissing = missing(env, API_KEY_SET);
  const idMissing = missing(env, APPLE_ID_SET);
  const apiAny = apiMissing.length < API_KEY_SET.length;
  const idAny = idMissing.length < APPLE_ID_SET.length;
  if (apiAny && idAny) {
    // electron-builder silently prefers the Apple ID when both are present; make the choice explicit.
    problems.push(`Notarization: both the API key (${API_KEY_SET.join(', ')}) and the Apple ID (${APPLE_ID_SET.join(', ')}) variables are set; keep only the API key ones.`);
  } else if (apiAny) {
    if (apiMissing.length > 0) problems.push(`Notarization with an App Store Connect API key: also set ${apiMissing.join(', ')}.`);
    else if (!fileExists(env.APPLE_API_KEY ?? '')) problems.push('Notarization: APPLE_API_KEY must be the path of the AuthKey_XXXX.p8 file on this runner, and that file does not exist.');
    else summary.push('notarization: App Store Connect API key');
  } else if (idAny) {
    if (idMissing.length > 0) problems.push(`Notarization with an Apple ID: also set ${idMissing.join(', ')}.`);
    else summary.push('notarization: Apple ID with an app-specific password');
  } else {
    problems.push(`Notarization: set ${API_KEY_SET.join(', ')} (preferred) or ${APPLE_ID_SET.join(', ')}.`);
  }
  return { ok: problems.length === 0, summary, problems };
}

export function checkWinEnv(env: NodeJS.ProcessEnv): EnvCheck {
  const azure = missing(env, AZURE_SET);
  if (azure.length === 0) return { ok: true, summary: ['signing: Azure Trusted Signing (service principal)'], problems: [] };
  return {
    ok: false,
    summary: [],
    problems: [`Azure Trusted Signing: set ${azure.join(', ')} (the service principal allowed to sign with the certificate profile).`],
  };
}

export function checkReleaseEnv(platform: ReleasePlatform, env: NodeJS.ProcessEnv, fileExists?: (path: string) => boolean): EnvCheck {
  const base = platform === 'mac' ? checkMacEnv(env, fileExists) : checkWinEnv(env);
  if (present(env, 'CONCILIA_UPDATE_URL')) return base;
  return { ok: false, summary: base.summary, problems: [...base.problems, 'Update feed: set CONCILIA_UPDATE_URL (the https folder installed apps check for updates).'] };
}

if (import.meta.main) {
  const arg = process.argv.find((value) => value.startsWith('--platform='))?.slice('--platform='.length) ?? process.argv[process.argv.indexOf('--platform') + 1];
  if (arg !== 'mac' && arg !== 'win') {
    process.stderr.write('Usage: node scripts/notarize-env-check.ts --platform mac|win\n');
    process.exit(2);
  }
  const result = checkReleaseEnv(arg, process.env);
  for (const line of result.summary) process.stdout.write(`ok: ${line}\n`);
  for (const line of result.problems) process.stderr.write(`missing: ${line}\n`);
  process.exit(result.ok ? 0 : 1);
}
