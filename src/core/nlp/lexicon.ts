/**
 * Language knowledge the engine needs that is not about any one article: chat shorthand and common typos,
 * words that carry no content in a question, and synonym groups of political English. General by design —
 * nothing here exists to serve one particular question.
 */

/** Chat shorthand -> word. Applied per token before anything else. */
export const SHORTHAND: Record<string, string> = {
  wud: 'would',
  wuld: 'would',
  wld: 'would',
  woud: 'would',
  cud: 'could',
  cld: 'could',
  shud: 'should',
  shld: 'should',
  u: 'you',
  ur: 'your',
  r: 'are',
  y: 'why',
  wat: 'what',
  wht: 'what',
  wot: 'what',
  whats: 'what is',
  whos: 'who is',
  hu: 'who',
  hoo: 'who',
  wen: 'when',
  wher: 'where',
  hw: 'how',
  iz: 'is',
  b4: 'before',
  abt: 'about',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  tho: 'though',
  ppl: 'people',
  govt: 'government',
  gov: 'government',
  govmt: 'government',
  elec: 'election',
  appt: 'appointment',
  appts: 'appointments',
  ge: 'general election',
  // The councils' own abbreviation ("Cllr Jane Smith"), typed lower case in chat.
  cllr: 'councillor',
  cllrs: 'councillors',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  w: 'with',
  wiv: 'with',
  // Negative contractions typed without an apostrophe: the auxiliary and "not", as normaliseQuestion spells out
  // "didn't" (articles never write them so: the stored index is unaffected).
  dont: 'do not',
  doesnt: 'does not',
  isnt: 'is not',
  wont: 'will not',
  cant: 'can not',
  didnt: 'did not',
  wasnt: 'was not',
  werent: 'were not',
  arent: 'are not',
  hasnt: 'has not',
  havent: 'have not',
  hadnt: 'had not',
  wouldnt: 'would not',
  couldnt: 'could not',
  shouldnt: 'should not',
  gonna: 'going to',
  wanna: 'want to',
  no10: 'number 10',
};

/**
 * Acronyms of UK government bodies as people type them in chat ("what did the moj say?"), spelt out as articles
 * write them. A question's acronym is replaced only when the knowledge base never uses it itself (parse.ts
 * expandAcronyms): an article that writes "the MoJ" is matched as written. Political English, not tuned to an
 * article; acronyms that would read as a role ("PMQs": Prime Minister's Questions) are left out.
 */
export const ACRONYMS: Record<string, string> = {
  moj: 'Ministry of Justice',
  mod: 'Ministry of Defence',
  dwp: 'Department for Work and Pensions',
  dfe: 'Department for Education',
  dft: 'Department for Transport',
  dhsc: 'Department of Health and Social Care',
  defra: 'Department for Environment, Food and Rural Affairs',
  dcms: 'Department for Culture, Media and Sport',
  desnz: 'Department for Energy Security and Net Zero',
  dsit: 'Department for Science, Innovation and Technology',
  dbt: 'Department for Business and Trade',
  mhclg: 'Ministry of Housing, Communities and Local Government',
  fco: 'Foreign Office',
  fcdo: 'Foreign Office',
  hmrc: 'HM Revenue and Customs',
  hmt: 'Treasury',
  obr: 'Office for Budget Responsibility',
  ifs: 'Institute for Fiscal Studies',
  ons: 'Office for National Statistics',
  nao: 'National Audit Office',
  ipsa: 'Independent Parliamentary Standards Authority',
  lga: 'Local Government Association',
  cps: 'Crown Prosecution Service',
  nca: 'National Crime Agency',
  tuc: 'Trades Union Congress',
  cbi: 'Confederation of British Industry',
  bma: 'British Medical Association',
  icb: 'Integrated Care Board',
  appg: 'All-Party Parliamentary Group',
};

/** Words with no content in a question (beyond what the question type already captures). */
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are aren't as at be been being below between both but by can
  can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had
  hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i
  i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on
  once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so
  some such than that that's the their theirs them themselves then there there's these they they'd they'll they're
  they've this those through to too under until up very was wasn't we we'd we'll we're we've were weren't what
  what's when when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll
  you're you've your yours yourself yourselves s t d ll re ve m also just now ever really actually please tell me
  know kb knowledge base article news according bot think thinks thought before since ago
  whether yet though although anyway`.split(/\s+/),
);

/**
 * Words that often appear in questions but do not by themselves name a topic; a question is not "about
 * something the KB lacks" just because one of these is missing from the KB.
 */
export const GENERIC = new Set(
  `say said says saying call called calls describe described mean means explain explained happen happened
  happening make made going get got give gave go went come came take took want wanted need needed like think
  believe believed view views stance position opinion plan plans role job post name named person people someone
  anyone thing things something way ways kind sort type much many long often time times year years date day days
  current currently now today still yet next last new old main big biggest key top most least best worst more less
  good bad likely likelihood chance chances possible possibly happen result results outcome reason reasons cause
  because therefore really well show shows showed shown suggest suggests suggested part exactly feel feels
  felt hope hopes hoping hoped want wants wanted wish reckon reckons mean expect expects expecting`.split(/\s+/),
);

/**
 * How a thing is done, in secret or in the open, said as an idiom that WordNet does not list ("behind closed
 * doors") or as one word ("privately"): an alternative question offers one side ("… in public or behind closed
 * doors?") and the evidence states the other way of saying it ("a secret plan", "urging him privately"). Each
 * side: its phrases (as a question words them, lower case) and the single words that state it. Words used in
 * other senses in news ("public money", "private sector", "open the debate") are left out.
 */
export const MANNER_PHRASES: readonly { phrases: readonly string[]; words: readonly string[] }[] = [
  {
    phrases: ['behind closed doors', 'in secret', 'in private', 'on the quiet', 'under wraps'],
    words: ['secret', 'secretly', 'privately', 'covertly', 'confidentially', 'clandestine'],
  },
  {
    phrases: ['in public', 'in the open', 'on the record'],
    words: ['publicly', 'openly'],
  },
];

/**
 * Synonym groups: any member of a group also matches the others. Stems are compared, so list base forms.
 * Political English, not tuned to one article.
 */
export const SYNONYM_GROUPS: string[][] = [
  ['recruit', 'hire', 'appoint', 'sign', 'bring', 'employ', 'enlist'],
  ['adviser', 'advisor', 'advise', 'strategist', 'consultant', 'guru', 'counsel'],
  ['difficult', 'difficulty', 'hard', 'hardest', 'harder', 'tough', 'toughest', 'struggle', 'challenge', 'problem'],
  ['easy', 'easiest', 'easier'],
  ['win', 'gain', 'take', 'capture', 'victory'],
  ['lose', 'loss', 'defeat'],
  ['seat', 'constituency', 'constituencies', 'marginal', 'marginals', 'represent', 'represents', 'mp'],
  ['target', 'targeted', 'targeting', 'aim', 'goal'],
  ['poll', 'polls', 'polling', 'survey', 'opinion'],
  ['lead', 'ahead', 'leading'],
  ['plan', 'planning', 'prepare', 'preparing', 'preparation', 'intend', 'scheme', 'plot'],
  ['share', 'sharing', 'split'],
  ['coalition', 'pact', 'deal', 'alliance', 'partnership', 'arrangement', 'agreement'],
  ['contact', 'touch', 'talk', 'talking', 'speak', 'speaking', 'terms', 'communicate', 'relations', 'relationship'],
  ['hate', 'dislike', 'loathe', 'despise', 'resent', 'detest', 'unpopular'],
  ['activist', 'member', 'members', 'grassroots', 'supporter', 'supporters'],
  ['majority', 'outright'],
  ['election', 'vote', 'ballot', 'polls'],
  ['campaign', 'campaigning'],
  ['government', 'power', 'office', 'rule', 'administration'],
  ['minister', 'secretary'],
  ['economy', 'economic', 'economics', 'finance'],
  ['speech', 'address', 'talk', 'remarks'],
  ['mistake', 'error', 'blunder', 'failure', 'fail', 'failing'],
  ['negotiate', 'negotiating', 'negotiation', 'negotiations', 'talks'],
  ['urge', 'urging', 'push', 'pressing', 'encourage', 'lobby'],
  ['likely', 'unlikely', 'probable', 'improbable', 'expected', 'predict', 'prediction', 'forecast', 'chance'],
  ['connect', 'link', 'join', 'linking', 'connection', 'route'],
  ['result', 'outcome'],
  ['south', 'southern'],
  ['north', 'northern'],
  ['leader', 'leads', 'head', 'chief'],
  ['spokesman', 'spokeswoman', 'spokesperson', 'spokesmen'],
  ['deny', 'stop', 'prevent', 'block'],
  ['offer', 'give', 'job', 'post', 'role'],
  ['keep', 'remain', 'stay', 'retain'],
  ['refuse', 'refused', 'decline', 'reject'],
  ['fear', 'worry', 'concern', 'doubt'],
  ['announce', 'announced', 'reveal', 'disclose', 'confirm'],
  ['insider', 'source', 'figure', 'aide', 'ally'],
  ['former', 'ex', 'previous'],
  ['break', 'breach', 'breaking', 'violate', 'flout'],
  ['ditch', 'drop', 'abandon', 'scrap', 'axe', 'shelve'],
  ['resign', 'resignation', 'quit', 'step', 'retire', 'retirement'],
  ['back', 'backing', 'endorse', 'endorsement', 'support'],
  ['rebel', 'rebels', 'rebellion', 'revolt', 'mutiny'],
  ['replace', 'replacement', 'succeed', 'successor', 'succession'],
  ['oust', 'sack', 'topple', 'depose'],
  ['old', 'age', 'aged'],
  ['chair', 'chairs', 'chaired', 'chairing', 'chairman', 'chairwoman', 'chairperson', 'convenor'],
  ['run', 'running', 'candidate', 'candidacy', 'contender', 'contest', 'race', 'bid'],
];
