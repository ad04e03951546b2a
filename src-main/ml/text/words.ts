/** Lower-case words of 2+ letters; digits and punctuation split words ("door_open2.wav" -> door, open, wav). */
export function textWords(text: string): string[] {
  return (
    text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(/[a-z]{2,}/g) ?? []
  );
}
