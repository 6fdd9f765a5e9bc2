/**
 * 0003: the origin (scheme://host:port) a connection's credentials belong to.
 *
 * Set when the connection is added and changed only by `setConnectionUrl` (the command line's
 * audited `concilia source set-url`, the app's address change, which also clears the stored
 * credentials). Before anything is sent, the base URL's origin must equal it: a cache whose
 * base_url was edited behind Concilia's back makes every request refuse instead of handing the
 * credentials to another server.
 *
 * Existing connections are taken to belong to the origin of the address they hold now (nothing
 * older is known). base_url is stored normalised (scheme://host[:port][/path], no trailing
 * slash), so the origin is everything before the first '/' after '://'.
 */
export const name = 'credential-origin';

export const sql = /* sql */ `
ALTER TABLE connection ADD COLUMN credential_origin TEXT NOT NULL DEFAULT '';
UPDATE connection SET credential_origin = CASE
  WHEN instr(substr(base_url, instr(base_url, '://') + 3), '/') = 0 THEN base_url
  ELSE substr(base_url, 1, instr(base_url, '://') + 1 + instr(substr(base_url, instr(base_url, '://') + 3), '/'))
END;
`;
