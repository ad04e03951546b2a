// Membership in a closed list of strings (the contract's `as const` arrays), for validation and CLI options.

export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** "a, b or c": how error messages list the choices. */
export function listChoices(allowed: readonly string[], separator = 'or'): string {
  if (allowed.length <= 1) return allowed.join('');
  return `${allowed.slice(0, -1).join(', ')} ${separator} ${allowed[allowed.length - 1]}`;
}
