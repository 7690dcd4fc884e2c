//! The words the magnitude extractor knows, each with its kind.
//!
//! A word's lexicon id (0 for words the extractor ignores) depends on the word alone, so the
//! [`Analyzer`](crate::features::Analyzer) looks it up once per distinct word, keeps it in its
//! memo, and hands the extractor only the words that have one. Lookup lowercases ASCII and
//! strips a possessive `'s` (`war's` is `war`). The first ids are the words that can start a
//! figure or a cue ([`is_trigger`]): the extractor starts reading only at those, and a text
//! with none of them has nothing to extract.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::figure::Head;
use super::kind::{Excl, Kind};
use super::numeral::numeral_value;

/// How a head word can meet its figure (flags, combined with `|`).
pub(super) const AFTER: u8 = 1; // "45 were killed", "12 dead"
pub(super) const VERB: u8 = 2; // "killing 45": a verb whose object is the figure
pub(super) const NOUN_OF: u8 = 4; // "the deaths of 45"

use Head::{Displace, Kill, Wound};
use Kind as K;

/// Number words from `zero` to `nineteen`, by value.
const ONES: &str = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
                    fifteen sixteen seventeen eighteen nineteen";

/// `twenty` to `ninety`, by value.
const TENS: &str = "twenty thirty forty fifty sixty seventy eighty ninety";

/// The other words that can start a figure or a cue, by kind.
const TRIGGERS: &[(Kind, &str)] = &[
    (K::Scale(12.0), "dozen"),
    (K::Scale(100.0), "hundred"),
    (K::Scale(1e3), "thousand"),
    (K::Scale(1e6), "million mln mn"),
    (K::Scale(1e9), "billion bn"),
    // South Asian reporting: "3 lakh people" (100,000), "2 crore" (10 million)
    (K::Scale(1e5), "lakh lakhs"),
    (K::Scale(1e7), "crore crores"),
    (K::Vague(10.0), "tens"),
    (K::Vague(12.0), "dozens"),
    (K::Vague(20.0), "scores"),
    (K::Vague(100.0), "hundreds"),
    (K::Vague(1e3), "thousands"),
    (K::Vague(1e6), "millions"),
    (K::Few(3.0), "several"),
    (K::Few(2.0), "few"),
    (K::Few(3.0), "handful"),
    (K::Half, "half"),
    (
        K::WmdAlone,
        "chlorine sarin vx tabun soman novichok anthrax ricin",
    ),
    (
        K::WmdModifier,
        "mustard toxic nerve chemical poison poisonous gas",
    ),
    (
        K::Assault,
        "offensive offensives assault onslaught siege besieged besieging storm stormed storming",
    ),
    (
        K::Assault,
        "capture captured captures capturing seize seized seizes seizing overran overrun overruns",
    ),
    (
        K::Assault,
        "encircle encircled encircles encircling recapture recaptured retake retook retaken push",
    ),
    (
        K::Assault,
        "pushed pushing advance advanced advancing fall fell falls",
    ),
    (K::Enter, "enter entered enters entering"),
    (K::Declare, "declare declared declares declaring declaration"),
    (K::Invade, "invade invaded invades invading"),
    (K::Troops, "troops forces army armies tanks"),
    (K::Join, "join joined joins joining"),
];

/// The other known words, by kind.
const OTHERS: &[(Kind, &str)] = &[
    (
        K::WmdNoun,
        "gases agent agents attack attacks weapon weapons munitions bomb bombs shells chemicals",
    ),
    (K::City, "city capital"),
    (K::Border, "border borders frontier"),
    (
        K::Cross,
        "cross crossed crosses crossing poured rolled moved across",
    ),
    (
        K::Send,
        "send sends sent sending deploy deployed deploys dispatched",
    ),
    (
        K::War,
        "war wars conflict insurgency uprising revolution invasion",
    ),
    (K::Article, "a an"),
    (
        K::Qual,
        "least more than over about some estimated many as around approximately roughly upwards another",
    ),
    (K::Qual, "further additional other others just well"),
    (K::QualUpper, "nearly almost under fewer less up close"),
    (K::At, "at"),
    (K::To, "to"),
    (K::Of, "of"),
    (K::And, "and"),
    (K::Or, "or"),
    (K::Between, "between"),
    (K::From, "from"),
    (K::Out, "out"),
    (K::The, "the their its his her our these those"),
    (K::In, "in"),
    (K::During, "during throughout"),
    (K::Onto, "on into against toward towards for"),
    (
        K::Prep,
        "near by with after before when while outside inside through without along",
    ),
    (K::Total, "total tally"),
    (
        K::Unit,
        "people persons person civilians civilian soldiers soldier fighters militants rebels insurgents",
    ),
    (
        K::Unit,
        "combatants militiamen gunmen worshippers worshipers families family households residents",
    ),
    (
        K::Unit,
        "inhabitants villagers children child women men boys girls migrants students pupils workers",
    ),
    (
        K::Unit,
        "staff police policemen officers personnel members passengers patients nurses doctors protesters",
    ),
    (
        K::Unit,
        "demonstrators pilgrims mourners guests victims prisoners detainees hostages journalists farmers",
    ),
    (K::Unit, "herders bystanders youths individuals"),
    (
        K::Aux,
        "were was have has had been be being are is reportedly reported believed feared confirmed thought",
    ),
    (
        K::Aux,
        "said also now already allegedly presumed later all who that likely",
    ),
    (K::Aux, "subsequently eventually which"),
    (K::Remain, "remain remains remained still currently"),
    (
        K::Modal,
        "could would might will shall ready risk risks plans planned planning",
    ),
    (
        K::Modal,
        "threaten threatens threatened threatening vowed vows vowing warned warns warning",
    ),
    (K::Parenthetical, "including mostly mainly most among"),
    (K::Head(Kill, AFTER | VERB), "killed kill kills"),
    (K::Head(Kill, AFTER | VERB | NOUN_OF), "killing"),
    (K::Head(Kill, AFTER | NOUN_OF), "killings"),
    (K::Head(Kill, AFTER | VERB), "massacred"),
    (K::Head(Kill, VERB | NOUN_OF), "massacre"),
    (K::Head(Kill, VERB), "massacring"),
    (K::Head(Kill, AFTER | VERB), "executed"),
    (K::Head(Kill, VERB), "executing"),
    (K::Head(Kill, NOUN_OF), "execution"),
    (K::Head(Kill, AFTER | NOUN_OF), "executions"),
    (K::Head(Kill, AFTER | VERB), "slaughtered murdered"),
    // official and regional words for killing, said of people (codebook, round 23)
    (
        K::Head(Kill, AFTER | VERB),
        "neutralised neutralized eliminated liquidated martyred assassinated lynched beheaded",
    ),
    (K::Head(Kill, VERB), "neutralising neutralizing slew"),
    // "gunned down 14" (read in `heads`), "14 were gunned down"
    (K::Head(Kill, AFTER), "gunned"),
    // "shot dead 2 robbers": `dead` after a verb whose object is the figure
    (K::Head(Kill, AFTER | VERB), "dead"),
    (K::Head(Kill, AFTER), "died die dies dying"),
    (K::Head(Kill, AFTER), "drowned"),
    (K::Head(Kill, AFTER | NOUN_OF), "deaths"),
    (K::Head(Kill, NOUN_OF), "death"),
    (K::Head(Kill, AFTER | NOUN_OF), "bodies"),
    (K::Head(Kill, AFTER), "lives fatalities slain perished"),
    (K::Head(Wound, AFTER | VERB), "wounded wounding"),
    (K::Head(Wound, VERB), "wounds wound"),
    (K::Head(Wound, AFTER | VERB), "injured injuring"),
    (K::Head(Wound, VERB), "injures injure"),
    (K::Head(Wound, AFTER | VERB), "maimed"),
    (K::Head(Wound, AFTER), "hurt injuries"),
    (K::Head(Displace, AFTER | VERB), "displaced displacing"),
    (K::Head(Displace, VERB), "displaces displace"),
    (K::Head(Displace, NOUN_OF), "displacement"),
    (K::Head(Displace, AFTER | NOUN_OF), "displacements"),
    (K::Head(Displace, AFTER | VERB), "relocated"),
    (K::Head(Displace, NOUN_OF), "relocation"),
    (K::Head(Displace, AFTER | VERB), "uprooted uprooting"),
    (K::Head(Displace, VERB), "uproots uproot"),
    (K::Head(Displace, AFTER | VERB), "evacuated evacuating"),
    (K::Head(Displace, VERB), "evacuates"),
    // "were ordered to evacuate"
    (K::Head(Displace, AFTER | VERB), "evacuate"),
    (K::Head(Displace, NOUN_OF), "evacuation"),
    (K::Head(Displace, AFTER), "evacuees fled flee flees fleeing"),
    (K::Head(Displace, NOUN_OF), "exodus"),
    (
        K::Head(Displace, AFTER),
        "refugees refugee idps arrivals homeless",
    ),
    (K::Toll, "toll"),
    (
        K::Connect,
        "rose risen rise rises rising climbed climbs reached reaches stood stands passed passes",
    ),
    (
        K::Connect,
        "topped tops hit hits exceeded exceeds surpassed jumped increased brought brings bringing",
    ),
    (K::Connect, "raising raised put puts putting"),
    (K::Seek, "sought seek seeks seeking took take takes taking taken"),
    (K::Refuge, "refuge shelter safety sanctuary asylum"),
    (K::Forced, "forced forcing driven drove"),
    (K::Leave, "leave abandon"),
    (K::Moved, "shifted transferred housed accommodated"),
    (K::Camp, "camp camps centre centres center centers shelters"),
    (
        K::Excl(Excl::Other),
        "km kms kilometres kilometers kilometre kilometer miles mile metres meters metre",
    ),
    (
        K::Excl(Excl::Other),
        "meter feet tonnes tons tonne ton kg kilograms kilogrammes kilos litres liters",
    ),
    (
        K::Excl(Excl::Other),
        "hectares acres percent per pc strong bed beds page pages point points times",
    ),
    (K::Excl(Excl::Other), "degrees mm calibre am pm gmt utc"),
    (K::Excl(Excl::Long), "year years yr decade decades months"),
    (K::Excl(Excl::Month), "month"),
    (K::Excl(Excl::Short), "week weeks day days hour hours hrs minutes"),
    (
        K::Excl(Excl::Money),
        "dollars dollar euros usd eur gbp pounds yuan rupees naira shillings francs roubles",
    ),
    (K::Excl(Excl::Money), "rubles"),
    (K::Aged, "aged age ages"),
    (
        K::Month,
        "january february march april june july august september october november december jan feb apr",
    ),
    (K::Month, "jun jul aug sep sept oct nov dec"),
    (K::May, "may"),
    (
        K::Weekday,
        "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight overnight",
    ),
    (K::Weekday, "weekend morning evening night afternoon dawn"),
    (K::Since, "since"),
    (K::So, "so"),
    (K::Far, "far"),
    (K::This, "this"),
    (K::Last, "last"),
    (K::Past, "past"),
    (K::Date, "date"),
    (K::Begin, "start beginning outbreak onset independence"),
    (K::Hosts, "hosts host hosting hosted houses housing sheltering"),
    (
        K::Superlative,
        "deadliest worst bloodiest largest biggest heaviest highest fiercest first",
    ),
    (K::Return, "return returned returning returns returnees"),
    (
        K::Mourn(false),
        "mourn mourns mourned mourning commemorate commemorates commemorated commemorating",
    ),
    (K::Mourn(true), "funeral funerals memorial anniversary"),
];

/// The lexicon id of numerals such as `256,000`, `1.2`, `3bn`.
pub(super) const NUMERAL: u16 = 1;

/// Every known word with its kind, by lexicon id - 2 (0: unknown word, 1: numeral).
struct Lexicon {
    words: Vec<(&'static str, Kind)>,
    ids: FxHashMap<&'static str, u16>,
}

/// The number of words in a space-separated list.
const fn word_count(list: &str) -> usize {
    let bytes = list.as_bytes();
    let (mut count, mut i, mut in_word) = (0, 0, false);
    while i < bytes.len() {
        let space = bytes[i].is_ascii_whitespace();
        if !space && !in_word {
            count += 1;
        }
        in_word = !space;
        i += 1;
    }
    count
}

/// The last lexicon id of a trigger: the number words, then [`TRIGGERS`].
const LAST_TRIGGER: u16 = {
    let mut n = 1 + word_count(ONES) + word_count(TENS);
    let mut i = 0;
    while i < TRIGGERS.len() {
        n += word_count(TRIGGERS[i].1);
        i += 1;
    }
    n as u16
};

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let ones = ONES
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| (w, K::Number(i as f64)));
        let tens = TENS
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| (w, K::Number((i as f64 + 2.0) * 10.0)));
        let others = TRIGGERS
            .iter()
            .chain(OTHERS)
            .flat_map(|&(kind, words)| words.split_whitespace().map(move |w| (w, kind)));
        let words: Vec<(&'static str, Kind)> = ones.chain(tens).chain(others).collect();
        let ids = words
            .iter()
            .enumerate()
            .map(|(i, &(w, _))| (w, i as u16 + 2))
            .collect();
        Lexicon { words, ids }
    })
}

/// Whether the word with this lexicon id can start a figure or a cue.
pub(super) fn is_trigger(id: u16) -> bool {
    id != 0 && id <= LAST_TRIGGER
}

/// Every word's kind by lexicon id: [`Kind::End`] for 0 (no known word), then the numeral.
pub(super) fn kinds() -> &'static [Kind] {
    static KINDS: OnceLock<Vec<Kind>> = OnceLock::new();
    KINDS.get_or_init(|| {
        let words = lexicon().words.iter().map(|&(_, kind)| kind);
        [K::End, K::Numeral].into_iter().chain(words).collect()
    })
}

/// The lexicon id of a word as the tokenizer cut it (any case), or 0.
pub fn lookup(word: &str) -> u16 {
    let bytes = word.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        return if numeral_value(word).is_some() { NUMERAL } else { 0 };
    }
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word);
    let mut buf = [0u8; 16];
    if stem.len() > buf.len() || !stem.is_ascii() {
        return 0;
    }
    let lower = &mut buf[..stem.len()];
    lower.copy_from_slice(stem.as_bytes());
    lower.make_ascii_lowercase();
    // ASCII bytes in, ASCII bytes out
    std::str::from_utf8(lower)
        .ok()
        .and_then(|w| lexicon().ids.get(w).copied())
        .unwrap_or(0)
}

/// Every word the lexicon knows, for tests that build texts from them.
#[cfg(test)]
pub(super) fn words() -> impl Iterator<Item = &'static str> {
    lexicon().words.iter().map(|&(w, _)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(id: u16) -> Kind {
        kinds()[usize::from(id)]
    }

    #[test]
    fn lookup_ignores_case_and_possessives() {
        assert_eq!(kind(lookup("Killed")), K::Head(Kill, AFTER | VERB));
        assert_eq!(kind(lookup("war's")), K::War);
        assert_eq!(kind(lookup("war\u{2019}s")), K::War);
        assert_eq!(lookup("M23"), 0);
        assert_eq!(lookup("Goma"), 0);
        assert_eq!(lookup("1,200"), NUMERAL);
        assert_eq!(lookup("33rd"), 0);
        assert_eq!(lookup("déplacés"), 0);
    }

    #[test]
    fn triggers_are_figures_and_cue_words_only() {
        for word in [
            "45", "forty", "dozens", "several", "chlorine", "siege", "invaded", "troops",
        ] {
            assert!(is_trigger(lookup(word)), "{word}");
        }
        for word in ["killed", "the", "people", "since", "city", "weapons", "unknown"] {
            assert!(!is_trigger(lookup(word)), "{word}");
        }
    }

    #[test]
    fn no_word_is_listed_twice_and_ids_fit() {
        let words = &lexicon().words;
        assert_eq!(lexicon().ids.len(), words.len(), "a word is listed twice");
        for &(word, _) in words {
            assert_eq!(word, word.to_ascii_lowercase());
            assert!(word.len() <= 16, "{word} is longer than lookup reads");
        }
        assert!(words.len() + 2 < 1 << 15);
        // the triggers are exactly the number words and TRIGGERS
        assert_eq!(words[usize::from(LAST_TRIGGER) - 2], ("joining", K::Join));
        assert_eq!(kind(LAST_TRIGGER + 1), K::WmdNoun);
        assert_eq!(kind(lookup("forty")), K::Number(40.0));
        assert_eq!(kind(lookup("nineteen")), K::Number(19.0));
        assert_eq!(kind(lookup("ninety")), K::Number(90.0));
    }
}
