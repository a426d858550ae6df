/** Text as a literal inside a LIKE pattern: its own `%`, `_` and `\` match themselves, not anything. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern for values that contain the text. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;

/** A LIKE pattern for values that start with the text. */
export const prefixPattern = (text: string) => `${escapeLike(text)}%`;
