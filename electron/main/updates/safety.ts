// A failed safety check means the download was not what we published: the user is told, and
// nothing is installed. electron-updater marks its own checks with codes; Squirrel.Mac only says
// so in words ("Code signature at URL … did not pass validation").
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isSafetyFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE' || code === 'ERR_CHECKSUM_MISMATCH') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /code signature|did not pass validation|not signed by the application owner/i.test(message);
}
