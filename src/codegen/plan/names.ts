import { RESERVED } from "../code.js";

/**
 * `put-square` → `putSquare`, `contacts/update` → `contactsUpdate`, `get_profiles` → `getProfiles`,
 * `GetPets` → `getPets`: words split at anything not a letter or digit, camel case kept inside words.
 * Empty when the text has no letters or digits.
 */
export function camelCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? lowerFirst(w) : w[0]!.toUpperCase() + w.slice(1))).join("");
  return /^[0-9]/.test(joined) ? `op${joined}` : joined;
}

export const pascalCase = (text: string): string => {
  const c = camelCase(text);
  return c && c[0]!.toUpperCase() + c.slice(1);
};

/** `GET` → `get`, `URLs` → `urls`, `OAuth` → `oAuth`: a leading run of capitals is one word unless a lower-case letter follows. */
function lowerFirst(word: string): string {
  if (/^[A-Z0-9]+$/.test(word)) return word.toLowerCase();
  return word[0]!.toLowerCase() + word.slice(1);
}

/** A method name for an operation without an operationId: `get /pets/{petId}` → `getPetsByPetId`. */
export function derivedName(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .map((seg) => (/^\{.+\}$/.test(seg) ? `by ${seg.slice(1, -1)}` : seg));
  return camelCase([method, ...words].join(" ")) || method;
}

/** Why a name cannot be a method of the generated client, or undefined when it can. */
export function breaksClient(name: string): string | undefined {
  if (RESERVED.has(name)) return `"${name}" is a reserved word in JavaScript`;
  if (name === "then") return "a client with a then method is a thenable, and awaiting it (or returning it from an async function) would never settle";
  if (name in Object.prototype) return `it would shadow Object.prototype.${name}, which code handling the client relies on`;
  return undefined;
}

export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Hands out names that are unique in one API, `2`, `3`… appended in the order asked. */
export class NameSet {
  private readonly used = new Set<string>();
  /** Per name asked for, the next number to try: a thousand repeats of one name stay linear. */
  private readonly next = new Map<string, number>();
  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name);
  }
  has(name: string): boolean {
    return this.used.has(name);
  }
  take(name: string): string {
    let unique = name;
    let n = this.next.get(name) ?? 2;
    for (; this.used.has(unique); n++) unique = `${name}${n}`;
    this.next.set(name, n);
    this.used.add(unique);
    return unique;
  }
}
