//! Writes one word one way: American and British spellings, and compounds written as one
//! word, two words or with a hyphen.
//!
//! A model learns a word only in the spelling of its training text. Ours is British and
//! writes "air strikes"; American wire copy writes "airstrikes", "cease-fire", "defense",
//! "neighborhood", "mobilized". Without this filter those are words the model has never
//! seen, or worse: "cease-fire" splits into `cease` and `fire`, and `fire` is a word of
//! violence, so a truce reads as shooting. Each variant is mapped to one spelling (the
//! British one, and compounds joined): `defense` -> `defence`, `cease fire` -> `ceasefire`.
//!
//! Must run after lowercasing and before stop-word removal and stemming (the lists are of
//! words as written). Single words are mapped alone; a compound's two words are contextual
//! ([`TokenFilter::is_contextual`]), so the analyzer passes them through together.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::filter::TokenFilter;

#[derive(Clone, Copy, Debug, Default)]
pub struct SpellingVariants;

/// Compounds that reporters write as one word, two words or hyphenated: (first, second,
/// joined). Both words of each are contextual.
const COMPOUNDS: &[(&str, &str, &str)] = &[
    ("cease", "fire", "ceasefire"),
    ("cease", "fires", "ceasefires"),
    ("air", "strike", "airstrike"),
    ("air", "strikes", "airstrikes"),
    ("air", "base", "airbase"),
    ("air", "bases", "airbases"),
    ("air", "space", "airspace"),
    ("air", "field", "airfield"),
    ("war", "plane", "warplane"),
    ("war", "planes", "warplanes"),
    ("war", "ship", "warship"),
    ("war", "ships", "warships"),
    ("war", "lord", "warlord"),
    ("war", "lords", "warlords"),
    ("gun", "fire", "gunfire"),
    ("gun", "battle", "gunbattle"),
    ("gun", "battles", "gunbattles"),
    ("gun", "man", "gunman"),
    ("gun", "men", "gunmen"),
    ("fire", "fight", "firefight"),
    ("fire", "fights", "firefights"),
    ("shell", "fire", "shellfire"),
    ("cross", "fire", "crossfire"),
    ("peace", "keeper", "peacekeeper"),
    ("peace", "keepers", "peacekeepers"),
    ("peace", "keeping", "peacekeeping"),
    ("land", "mine", "landmine"),
    ("land", "mines", "landmines"),
    ("check", "point", "checkpoint"),
    ("check", "points", "checkpoints"),
    ("counter", "offensive", "counteroffensive"),
    ("counter", "offensives", "counteroffensives"),
    ("counter", "attack", "counterattack"),
    ("counter", "attacks", "counterattacks"),
    ("counter", "terrorism", "counterterrorism"),
    ("hard", "line", "hardline"),
    ("hard", "liners", "hardliners"),
    ("stand", "off", "standoff"),
    ("break", "away", "breakaway"),
    ("head", "quarters", "headquarters"),
];

/// American spellings and their British forms, word by word.
const WORDS: &[(&str, &str)] = &[
    ("defense", "defence"),
    ("defenses", "defences"),
    ("offense", "offence"),
    ("offenses", "offences"),
    ("center", "centre"),
    ("centers", "centres"),
    ("centered", "centred"),
    ("kilometer", "kilometre"),
    ("kilometers", "kilometres"),
    ("meter", "metre"),
    ("meters", "metres"),
    ("theater", "theatre"),
    ("caliber", "calibre"),
    ("program", "programme"),
    ("programs", "programmes"),
    ("gray", "grey"),
    ("skeptical", "sceptical"),
    ("aging", "ageing"),
    ("maneuver", "manoeuvre"),
    ("maneuvers", "manoeuvres"),
    ("maneuvered", "manoeuvred"),
    ("maneuvering", "manoeuvring"),
    ("dialog", "dialogue"),
    ("catalog", "catalogue"),
    ("fulfill", "fulfil"),
    ("enroll", "enrol"),
];

/// Words spelled `-or` in American English and `-our` in British, with their endings.
const OUR: &[&str] = &[
    "neighbor", "labor", "honor", "rumor", "harbor", "favor", "behavior", "color", "armor", "endeavor",
    "vigor", "valor", "savior", "rancor", "clamor", "humor", "odor", "vapor",
];
const OUR_ENDINGS: &[&str] = &[
    "", "s", "ed", "ing", "hood", "hoods", "ly", "able", "ite", "ites", "ers", "er", "y", "ies",
];

/// Stems spelled `-ize` in American English (and often in British) and `-ise` in most
/// British news, with their endings.
const IZE: &[&str] = &[
    "organ",
    "mobil",
    "recogn",
    "critic",
    "stabil",
    "destabil",
    "demilitar",
    "militar",
    "neutral",
    "author",
    "emphas",
    "hospital",
    "apolog",
    "jeopard",
    "normal",
    "legal",
    "character",
    "real",
    "util",
    "priorit",
    "minim",
    "maxim",
    "final",
    "formal",
    "central",
    "decentral",
    "modern",
    "penal",
    "terror",
    "traumat",
    "sympath",
    "summar",
    "symbol",
    "capital",
    "civil",
    "colon",
    "radical",
    "polar",
    "marginal",
    "national",
    "privat",
    "subsid",
    "legitim",
    "evangel",
    "victim",
    "scrutin",
    "sanit",
    "optim",
    "energ",
    "galvan",
    "harmon",
    "memorial",
    "monopol",
    "politic",
    "revital",
    "special",
    "standard",
    "synchron",
    "visual",
    "weapon",
    "immun",
    "stigmat",
    "vandal",
    "antagon",
];
const IZE_ENDINGS: &[(&str, &str)] = &[
    ("ize", "ise"),
    ("izes", "ises"),
    ("ized", "ised"),
    ("izing", "ising"),
    ("ization", "isation"),
    ("izations", "isations"),
    ("izer", "iser"),
    ("izers", "isers"),
];

/// American `-l-` before a suffix where British doubles it.
const DOUBLE_L: &[&str] = &[
    "travel", "cancel", "fuel", "label", "signal", "model", "level", "total", "channel", "counsel", "marvel",
    "quarrel", "tunnel", "shovel", "jewel", "equal", "rival", "dial", "pummel", "unravel", "shrivel",
    "grovel", "barrel",
];
const DOUBLE_L_ENDINGS: &[(&str, &str)] = &[("ed", "led"), ("ing", "ling"), ("er", "ler"), ("ers", "lers")];

struct Tables {
    words: FxHashMap<String, &'static str>,
    compounds: FxHashMap<(&'static str, &'static str), &'static str>,
}

/// Builds the word map once: the lists above with their endings spelled out. Leaks the
/// few hundred British forms it builds so the map can hand out `&'static str`.
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut words: FxHashMap<String, &'static str> = FxHashMap::default();
        let mut add = |us: String, uk: String| {
            if us != uk {
                words.entry(us).or_insert_with(|| Box::leak(uk.into_boxed_str()));
            }
        };
        for &(us, uk) in WORDS {
            add(us.into(), uk.into());
        }
        for stem in OUR {
            for ending in OUR_ENDINGS {
                let uk_stem = format!("{}our", &stem[..stem.len() - 2]);
                add(format!("{stem}{ending}"), format!("{uk_stem}{ending}"));
            }
        }
        for stem in IZE {
            for (us, uk) in IZE_ENDINGS {
                add(format!("{stem}{us}"), format!("{stem}{uk}"));
            }
        }
        for stem in DOUBLE_L {
            for (us, uk) in DOUBLE_L_ENDINGS {
                add(format!("{stem}{us}"), format!("{stem}{uk}"));
            }
        }
        let compounds = COMPOUNDS.iter().map(|&(a, b, joined)| ((a, b), joined)).collect();
        Tables { words, compounds }
    })
}

impl TokenFilter for SpellingVariants {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        let tables = tables();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let joined = tokens
                .get(i + 1)
                .and_then(|next| tables.compounds.get(&(tokens[i].as_str(), next.as_str())));
            match joined {
                Some(joined) => {
                    out.push((*joined).to_string());
                    i += 2;
                }
                None => {
                    let token = std::mem::take(&mut tokens[i]);
                    match tables.words.get(token.as_str()) {
                        Some(uk) => out.push((*uk).to_string()),
                        None => out.push(token),
                    }
                    i += 1;
                }
            }
        }
        *tokens = out;
    }

    /// Both words of every compound.
    fn is_contextual(&self, token: &str) -> bool {
        COMPOUNDS.iter().any(|&(a, b, _)| a == token || b == token)
    }

    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(words: &[&str]) -> Vec<String> {
        let mut tokens: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        SpellingVariants.apply(&mut tokens);
        tokens
    }

    #[test]
    fn compounds_are_joined() {
        assert_eq!(
            variants(&["the", "cease", "fire", "held"]),
            ["the", "ceasefire", "held"]
        );
        assert_eq!(variants(&["air", "strikes", "hit"]), ["airstrikes", "hit"]);
        assert_eq!(variants(&["peace", "keepers"]), ["peacekeepers"]);
        // only the listed pairs: "air defence", "fire fighters" stay apart
        assert_eq!(variants(&["air", "defence"]), ["air", "defence"]);
        assert_eq!(variants(&["cease", "cease", "fire"]), ["cease", "ceasefire"]);
    }

    #[test]
    fn american_spellings_become_british() {
        assert_eq!(
            variants(&["defense", "neighborhood", "mobilized", "kilometers", "canceled"]),
            ["defence", "neighbourhood", "mobilised", "kilometres", "cancelled"]
        );
        assert_eq!(
            variants(&["organization", "armored", "maneuvers"]),
            ["organisation", "armoured", "manoeuvres"]
        );
        // words that only look like the patterns
        assert_eq!(
            variants(&["seized", "size", "maize", "tutor", "colonel"]),
            ["seized", "size", "maize", "tutor", "colonel"]
        );
        assert_eq!(variants(&["defence", "neighbour"]), ["defence", "neighbour"]);
    }

    #[test]
    fn compound_words_are_contextual_and_others_not() {
        for word in ["cease", "fire", "air", "strikes", "keepers"] {
            assert!(SpellingVariants.is_contextual(word), "{word}");
        }
        for word in ["defense", "killed", "the"] {
            assert!(!SpellingVariants.is_contextual(word), "{word}");
        }
    }

    #[test]
    fn no_british_form_is_itself_mapped() {
        let t = tables();
        for uk in t.words.values() {
            assert!(!t.words.contains_key(*uk), "{uk} is mapped again");
        }
    }
}
