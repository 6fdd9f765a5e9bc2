// Where an installed Concilia takes its updates from, and whether it may install them itself.
//
// The feed is the one built into the app (app-update.yml, from CONCILIA_UPDATE_URL at build)
// unless an administrator's policy says otherwise. Only places the user cannot write count:
//   macOS    /Library/Managed Preferences/com.concilia.desktop.plist (configuration profile/MDM):
//            UpdateFeedURL (string), UpdatesEnabled (boolean);
//   Windows  HKLM\SOFTWARE\Policies\Concilia\Updates (Group Policy): FeedURL (REG_SZ),
//            Enabled (REG_DWORD 0/1);
//   Linux    /etc/concilia/update-feed.json, {"url": "https://…"} and/or {"enabled": false},
//            owned by root, not writable by group or others, in a folder of the same kind.
// Anything the user (or a program running as the user) can write — the environment, a file in
// the user-data folder — is ignored, and the log says so: whoever controls the feed chooses
// what code runs next.
//
// Linux packages carry no signature electron-updater verifies (a .deb is installed through
// pkexec, as root; an AppImage is replaced in place), so on Linux an update is announced and
// the release page opened; it is never installed automatically.
//
// Pure apart from the readers at the end; Electron-free, so it is tested directly.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

export const MAC_MANAGED_PLIST = '/Library/Managed Preferences/com.concilia.desktop.plist';
export const WINDOWS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Concilia\\Updates';
export const LINUX_POLICY_FILE = '/etc/concilia/update-feed.json';
/** No longer honoured by an installed app; named so the log can say why they were ignored. */
export const FEED_ENV = 'CONCILIA_UPDATE_FEED';
export const FEED_FILE = 'update-feed.json';

export type FeedSource = 'administrator' | 'built-in';

export type FeedDecision =
  | { readonly kind: 'built-in' }
  | { readonly kind: 'override'; readonly url: string; readonly source: FeedSource }
  | { readonly kind: 'disabled'; readonly source: FeedSource; readonly reason: string }
  | { readonly kind: 'invalid'; readonly source: FeedSource; readonly problem: string };

/** What the administrator's policy store holds, before interpretation. */
export type AdminPolicyReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'policy'; readonly where: string; readonly url?: unknown; readonly enabled?: unknown; readonly problem?: string }
  /** Present but not trustworthy (owner, permissions) or unreadable: ignored, and logged. */
  | { readonly kind: 'refused'; readonly where: string; readonly problem: string };

/**
 * Accepts https feeds anywhere and http only on this machine (a test server). Plain http to a
 * remote host would let anyone on the network swap the update metadata.
 */
export function checkFeedUrl(text: string): { ok: true; url: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'it is not a web address' };
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, problem: 'it must start with https://' };
  }
  if (url.username || url.password) {
    return { ok: false, problem: 'it must not contain a user name or password' };
  }
  // The generic provider resolves file names against the URL; without the trailing slash the
  // last path segment would be dropped.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { ok: true, url: url.toString() };
}

/** The feed decision for the administrator's policy (or its absence). */
export function resolveUpdateFeed(admin: AdminPolicyReading): FeedDecision {
  if (admin.kind !== 'policy') return { kind: 'built-in' };
  const source: FeedSource = 'administrator';
  if (admin.problem !== undefined) return { kind: 'invalid', source, problem: `${admin.where} ${admin.problem}` };
  if (admin.enabled === false) return { kind: 'disabled', source, reason: `updates are turned off by your administrator (${admin.where})` };
  if (admin.enabled !== undefined && admin.enabled !== true) {
    return { kind: 'invalid', source, problem: `the setting that turns updates on or off in ${admin.where} must be true or false` };
  }
  if (admin.url === undefined) return { kind: 'built-in' };
  if (typeof admin.url !== 'string') return { kind: 'invalid', source, problem: `the update address in ${admin.where} must be a text address` };
  const checked = checkFeedUrl(admin.url);
  return checked.ok
    ? { kind: 'override', url: checked.url, source }
    : { kind: 'invalid', source, problem: `the update address in ${admin.where} is not usable: ${checked.problem}` };
}

/** User-writable overrides that an installed app ignores: said in the log, never followed. */
export function ignoredUserOverrides(env: NodeJS.ProcessEnv, userDataDir: string, exists: (path: string) => boolean = fileExists): string[] {
  const ignored: string[] = [];
  if ((env[FEED_ENV] ?? '').trim() !== '') ignored.push(`the ${FEED_ENV} environment variable`);
  if (exists(join(userDataDir, FEED_FILE))) ignored.push(`${FEED_FILE} in the user-data folder`);
  return ignored;
}

export function describeSource(source: FeedSource): string {
  return source === 'administrator' ? "your administrator's policy" : 'this build of Concilia';
}

/** How an available update reaches the user on this platform. */
export type InstallMode = 'automatic' | 'notify';

/**
 * macOS (Squirrel.Mac checks the Developer ID) and Windows (the Authenticode publisher is checked
 * against app-update.yml) verify a signature before installing. Linux packages are not verified
 * by electron-updater, so there the user is told and sent to the release page.
 */
export function installModeFor(platform: NodeJS.Platform): InstallMode {
  return platform === 'darwin' || platform === 'win32' ? 'automatic' : 'notify';
}

/** For logs: keeps scheme, host and path; drops anything that could carry a credential. */
export function redactUrls(text: string): string {
  return text.replace(/\b(https?:\/\/)(?:[^\s/@]+@)?([^\s?#]*)(?:[?#][^\s]*)?/g, '$1$2');
}

// --- Reading the administrator's policy ------------------------------------------------------

function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Who may have written a file: root only, and nobody else may write it. */
function trustworthy(stats: { uid: number; mode: number }): string | null {
  if (stats.uid !== 0) return 'it is not owned by root';
  if ((stats.mode & 0o022) !== 0) return 'it can be changed by users other than root';
  return null;
}

/**
 * Reads a root-owned policy file: refused when the file, or the folder holding it, is not owned
 * by root or is writable by group or others, or when the file is a symbolic link.
 */
export function readRootOwnedFile(path: string): { kind: 'none' } | { kind: 'text'; text: string } | { kind: 'refused'; problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
    return { kind: 'refused', problem: code === 'ELOOP' ? 'it is a symbolic link' : `it could not be read (${code ?? 'error'})` };
  }
  try {
    const fileProblem = trustworthy(fstatSync(fd));
    if (fileProblem !== null) return { kind: 'refused', problem: fileProblem };
    const folderProblem = trustworthy(statSync(dirname(path)));
    if (folderProblem !== null) return { kind: 'refused', problem: `its folder ${dirname(path)}: ${folderProblem.replace(/^it /, '')}` };
    return { kind: 'text', text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/** Linux: /etc/concilia/update-feed.json. */
export function readLinuxPolicy(path: string = LINUX_POLICY_FILE): AdminPolicyReading {
  const file = readRootOwnedFile(path);
  if (file.kind === 'none') return file;
  if (file.kind === 'refused') return { kind: 'refused', where: path, problem: file.problem };
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch {
    return { kind: 'policy', where: path, problem: 'is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'policy', where: path, problem: 'must contain an object such as {"url": "https://updates.example.com/concilia/"}' };
  }
  const record = parsed as Record<string, unknown>;
  return { kind: 'policy', where: path, url: Object.hasOwn(record, 'url') ? record.url : undefined, enabled: Object.hasOwn(record, 'enabled') ? record.enabled : undefined };
}

/** macOS: the managed preferences a configuration profile installs (root-owned). */
export function readMacPolicy(path: string = MAC_MANAGED_PLIST): AdminPolicyReading {
  const file = readRootOwnedFile(path);
  if (file.kind === 'none') return file;
  if (file.kind === 'refused') return { kind: 'refused', where: path, problem: file.problem };
  let record: Record<string, unknown>;
  try {
    // Managed preferences are usually binary plists: plutil (part of macOS) turns them into JSON.
    record = JSON.parse(execFileSync('/usr/bin/plutil', ['-convert', 'json', '-o', '-', '--', path], { encoding: 'utf8', timeout: 5000 })) as Record<string, unknown>;
  } catch {
    return { kind: 'policy', where: path, problem: 'is not a readable property list' };
  }
  return macPolicyFrom(record, path);
}

export function macPolicyFrom(record: Record<string, unknown>, where: string): AdminPolicyReading {
  return {
    kind: 'policy',
    where,
    url: Object.hasOwn(record, 'UpdateFeedURL') ? record.UpdateFeedURL : undefined,
    enabled: Object.hasOwn(record, 'UpdatesEnabled') ? record.UpdatesEnabled : undefined,
  };
}

/** Windows: Group Policy values under HKLM (writable by administrators only). */
export function readWindowsPolicy(): AdminPolicyReading {
  // A fixed path: the environment (SystemRoot, PATH) is the user's to change.
  const reg = 'C:\\Windows\\System32\\reg.exe';
  let output: string;
  try {
    output = execFileSync(reg, ['query', WINDOWS_POLICY_KEY], { encoding: 'utf8', timeout: 5000, windowsHide: true });
  } catch (error) {
    // reg.exe exits with 1 when the key does not exist.
    if ((error as { status?: unknown }).status === 1) return { kind: 'none' };
    return { kind: 'refused', where: WINDOWS_POLICY_KEY, problem: 'the policy could not be read' };
  }
  return windowsPolicyFrom(output);
}

/** Parses `reg query` output: lines of "    NAME    REG_TYPE    VALUE". */
export function windowsPolicyFrom(output: string): AdminPolicyReading {
  const values = new Map<string, { type: string; value: string }>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(\S+)\s+(REG_SZ|REG_EXPAND_SZ|REG_DWORD)\s+(.*)$/.exec(line);
    if (match) values.set((match[1] ?? '').toLowerCase(), { type: match[2] ?? '', value: (match[3] ?? '').trim() });
  }
  if (values.size === 0) return { kind: 'none' };
  const feed = values.get('feedurl');
  const enabled = values.get('enabled');
  const enabledValue = enabled === undefined ? undefined : enabled.type !== 'REG_DWORD' ? enabled.value : Number.parseInt(enabled.value, 16) === 0 ? false : Number.parseInt(enabled.value, 16) === 1 ? true : enabled.value;
  return { kind: 'policy', where: `the Group Policy key ${WINDOWS_POLICY_KEY}`, url: feed?.value, enabled: enabledValue };
}

/** The administrator's update policy for the running OS. */
export function readAdminPolicy(platform: NodeJS.Platform = process.platform): AdminPolicyReading {
  try {
    if (platform === 'darwin') return readMacPolicy();
    if (platform === 'win32') return readWindowsPolicy();
    return readLinuxPolicy();
  } catch {
    return { kind: 'refused', where: 'the update policy', problem: 'it could not be read' };
  }
}
