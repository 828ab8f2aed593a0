// The Unified Social Credit Code check (GB 32100-2015) as the server applies it (src/domain/
// uscc.rs): the same rules, named the same, so a member sees the server's message before sending.

import { fmt } from "./i18n";

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The first rule a code breaks, with what a reader needs to mend it. */
export type UsccProblem =
  | { rule: "length"; length: number }
  | { rule: "alphabet"; character: string; position: number }
  | { rule: "check_character"; given: string; expected: string };

/** The check character the first 17 characters require. */
export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(body[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Null when the code is valid, else the first rule it breaks. */
export function checkUscc(code: string): UsccProblem | null {
  const chars = [...code];
  if (chars.length !== 18) return { rule: "length", length: chars.length };
  for (const [i, ch] of chars.entries()) {
    if (!ALPHABET.includes(ch)) return { rule: "alphabet", character: ch, position: i + 1 };
  }
  const expected = checkCharacter(code);
  if (code[17] !== expected) return { rule: "check_character", given: code[17]!, expected };
  return null;
}

/** The problem in the reader's language. */
export function usccProblemText(p: UsccProblem): string {
  switch (p.rule) {
    case "length":
      return fmt("uscc_length", { length: p.length });
    case "alphabet":
      return fmt("uscc_alphabet", { character: p.character, position: p.position });
    case "check_character":
      return fmt("uscc_check_character", { given: p.given, expected: p.expected });
  }
}
