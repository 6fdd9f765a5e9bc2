/**
 * What a connection's name may be: the one rule behind the contract's `ConnectionName` schema,
 * kept free of zod so a command that needs nothing else (`concilia status NAME`) checks a name
 * with the same rule and the same words without loading the schema library at start-up.
 */
export const CONNECTION_NAME_MAX = 64;
export const CONNECTION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The sentence ends of each way a name can be wrong (the subject, "NAME" or the field, comes before). */
export const CONNECTION_NAME_PROBLEMS = {
  required: 'is required',
  tooLong: `is too long (${CONNECTION_NAME_MAX} characters at most)`,
  characters: 'may use letters, digits, dots, dashes and underscores (no spaces), starting with a letter or digit',
} as const;

export type ConnectionNameCheck = { ok: true; name: string } | { ok: false; problem: string };

/** The name trimmed, or what is wrong with it (checked in the schema's order: empty, length, characters). */
export function checkConnectionName(text: string): ConnectionNameCheck {
  const name = text.trim();
  if (name.length < 1) return { ok: false, problem: CONNECTION_NAME_PROBLEMS.required };
  if (name.length > CONNECTION_NAME_MAX) return { ok: false, problem: CONNECTION_NAME_PROBLEMS.tooLong };
  if (!CONNECTION_NAME_PATTERN.test(name)) return { ok: false, problem: CONNECTION_NAME_PROBLEMS.characters };
  return { ok: true, name };
}
