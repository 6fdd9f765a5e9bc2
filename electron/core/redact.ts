/**
 * Last line of defence: strip known secret values from any text before it is shown or logged.
 * Connectors never put secrets into messages in the first place; this catches the unforeseen
 * (an upstream echoing a header back, a library's error text).
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv | readonly string[]): string {
  const values = Array.isArray(env)
    ? (env as readonly string[])
    : [(env as NodeJS.ProcessEnv).CONCILIA_TOKEN, (env as NodeJS.ProcessEnv).CONCILIA_API_KEY];
  let out = text;
  for (const value of values) {
    if (value && value.length >= 4) out = out.split(value).join('[redacted]');
  }
  return out;
}
