// Unsaved form input across an idle lock: kept in this page's memory only (never on disk, never
// sent to the backend), and only for the user who typed it. Signing in as someone else, or
// signing out on purpose, drops it. Passwords are never put here.

let owner: string | null = null;
const kept = new Map<string, unknown>();

export const drafts = {
  /** At sign-in: keeps the drafts only if they belong to this user. */
  claim(username: string): void {
    if (owner !== username) kept.clear();
    owner = username;
  },
  /** At an explicit sign-out: nothing is kept. */
  clear(): void {
    kept.clear();
    owner = null;
  },
  keep<T>(key: string, value: T): void {
    kept.set(key, structuredClone(value));
  },
  get<T>(key: string): T | undefined {
    const v = kept.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  },
  drop(key: string): void {
    kept.delete(key);
  },
};
