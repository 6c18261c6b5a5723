/**
 * Words that carry no topic. The list is the usual English function words plus the words
 * questions are built from ("how many", "what did … say") and light verbs ("get", "bring",
 * "make") that say little alone, which appear in every answer's neighbourhood and would
 * otherwise decide rankings; and the fillers and short forms of chat ("yo", "rn", "r", "u",
 * "ngl", "tbh"), which members write and articles never do.
 */
export const stopWords = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for
from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've this those through to too under until up us very was wasn't we we'd we'll we're we've were
weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you
you'd you'll you're you've your yours yourself yourselves
yo lol lmao ngl tbh imo imho idk rn r u ur pls plz thx hey hi btw fr tho
one many much tell say says said according please anything something whether
everyone everybody anyone anybody someone somebody nobody everything
get gets got getting bring brings bringing brought make makes making made
s t d ll m re ve`.split(/\s+/),
);
