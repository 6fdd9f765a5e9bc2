/**
 * Team mode's setting in the cache: the server's address (never its password) and when this
 * laptop joined. No setting, solo mode.
 */
import { readSetting, writeSetting, type ReadableDB, type WritableDB } from '../cache/index.ts';
import { parseTeamUrl, teamUrl, type TeamAddress } from './address.ts';

const KEY = 'team.server';

export interface TeamSettings {
  address: TeamAddress;
  /** The name this member is shown by on the team (their display name). */
  displayName: string;
  joinedAt: string;
}

export function readTeamSettings(db: ReadableDB): TeamSettings | null {
  const text = readSetting(db, KEY);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { url?: unknown; displayName?: unknown; joinedAt?: unknown };
    if (typeof value.url !== 'string' || typeof value.displayName !== 'string' || typeof value.joinedAt !== 'string') return null;
    return { address: parseTeamUrl(value.url).address, displayName: value.displayName, joinedAt: value.joinedAt };
  } catch {
    return null;
  }
}

export function writeTeamSettings(db: WritableDB, settings: TeamSettings | null): void {
  writeSetting(db, KEY, settings === null ? null : JSON.stringify({ url: teamUrl(settings.address), displayName: settings.displayName, joinedAt: settings.joinedAt }));
}
