/**
 * Words for the lexical embedder: split camelCase and snake_case, lowercase,
 * drop stopwords and numbers, and stem lightly so "merge", "merges", "merged"
 * and "merging" meet.
 */

/** English function words plus the boilerplate every user story repeats. */
const STOPWORDS = new Set(
  (
    'a an the and or but nor of to in on at by for from with without into onto over under about as is are was were be been ' +
    'being am do does did done has have had having it its this that these those there here then than so such very too also ' +
    'not no yes all any each every some both either neither other another more most less least only own same just can could ' +
    'should would will shall may might must need needs want wants i me my we our us you your he she they them their his her ' +
    'who whom which what when where why how if else while until after before again once up down out off per via etc e g ie ' +
    // Ralph story boilerplate: "As a user, I want … so that …", "Typecheck passes".
    'user users developer developers author authors typecheck passes pass able ensure make makes sure new existing works work ' +
    'given correctly properly'
  ).split(' '),
);

export function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of contentWords(text)) {
    const stemmed = stem(raw);
    if (stemmed.length >= 2) out.push(stemmed);
  }
  return out;
}

/**
 * The unstemmed words behind `words`: identifiers split, lowercased,
 * stopwords, numbers and 1-letter tokens dropped. The word-vector embedder
 * looks these up as they are (a vocabulary has "merging", not "merg").
 */
export function contentWords(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^a-z0-9]+/).filter((raw) => raw.length >= 2 && !/^\d+$/.test(raw) && !STOPWORDS.has(raw));
}

/** A few suffix rules, not Porter: enough to merge inflections, hard to over-stem. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(ch|sh|x|ss|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // Drop a doubled final consonant left by -ing/-ed ("running" → "runn" → "run").
  if (w !== word && /([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}
