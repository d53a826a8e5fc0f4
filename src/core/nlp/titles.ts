/**
 * The one definition of a person's title: the words that come before a name ("Mr Miliband", "Sir Ed Davey",
 * "Baroness Kramer", "President Obama"). Regular expressions elsewhere are built from these lists.
 */

/** Courtesy titles and honours: "Mr Clegg", "Dame Margaret Hodge". */
export const HONORIFICS = ['Mr', 'Mrs', 'Ms', 'Dr', 'Sir', 'Lord', 'Lady', 'Dame', 'Baroness'] as const;

/** Offices used as a title before a name: "President Obama". */
export const OFFICE_TITLES = ['President', 'Prince', 'Senator'] as const;

/** Every title a person's name may carry. */
export const PERSON_TITLES = [...HONORIFICS, ...OFFICE_TITLES] as const;

/** Titles used with a first name alone: "Sir Ed", "Dame Margaret", "Lord Peter". */
export const FIRST_NAME_TITLES = ['Sir', 'Dame', 'Lord', 'Lady'] as const;

/** Honorifics that say the person is a man, or a woman ("he said" is not Mrs Moran's quote). */
export const MALE_HONORIFICS = ['Mr', 'Sir', 'Lord'] as const;
export const FEMALE_HONORIFICS = ['Mrs', 'Ms', 'Lady', 'Dame', 'Baroness'] as const;

/** The titles news copy writes a surname with on later mentions ("Mr Clegg", "Ms Moran"). */
export const SURNAME_TITLES = ['Mr', 'Ms', 'Mrs'] as const;

const alternation = (words: readonly string[]) => `(?:${words.join('|')})`;

/** Regular-expression sources (no anchors, no flags) for building patterns. */
export const TITLE = alternation(PERSON_TITLES);
export const HONORIFIC = alternation(HONORIFICS);
export const FIRST_NAME_TITLE = alternation(FIRST_NAME_TITLES);
export const MALE_TITLE = alternation(MALE_HONORIFICS);
export const FEMALE_TITLE = alternation(FEMALE_HONORIFICS);

/** Is this word a person's title? */
export function isPersonTitle(word: string): boolean {
  return (PERSON_TITLES as readonly string[]).includes(word);
}

/** "Mr Ed Miliband" -> "Ed Miliband"; a name without a title is returned as it is. */
export function withoutTitle(name: string): string {
  return name.replace(new RegExp(`^${TITLE}\\s+`), '');
}

/** A surname as later mentions write it: "Clegg" -> "Mr Clegg", "Ms Clegg", "Mrs Clegg". */
export function titledSurnames(surname: string): string[] {
  return SURNAME_TITLES.map((t) => `${t} ${surname}`);
}
