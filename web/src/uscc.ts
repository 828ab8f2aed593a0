// The Unified Social Credit Code check (GB 32100-2015) as the server applies it (src/domain/
// uscc.rs): the same rules, named the same, so a member sees the server's message before sending.

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = { rule: "length" | "alphabet" | "check_character"; message: string };

/** The check character the first 17 characters require. */
export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(body[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Null when the code is valid, else the first rule it breaks. */
export function checkUscc(code: string): UsccProblem | null {
  const chars = [...code];
  if (chars.length !== 18) return { rule: "length", message: `must be 18 characters, got ${chars.length}` };
  for (const [i, ch] of chars.entries()) {
    if (!ALPHABET.includes(ch)) {
      return {
        rule: "alphabet",
        message: `character '${ch}' at position ${i + 1} is not allowed (I, O, S, V, Z and lower case are never used)`,
      };
    }
  }
  const expected = checkCharacter(code);
  if (code[17] !== expected) {
    return {
      rule: "check_character",
      message: `check character is '${code[17]}' but the first 17 characters require '${expected}'`,
    };
  }
  return null;
}
