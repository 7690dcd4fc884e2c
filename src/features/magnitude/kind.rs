//! The kinds of words the magnitude extractor knows ([`lexicon`](super::lexicon) lists the
//! words of each kind).

use super::figure::Head;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    // --- triggers: a figure or a cue can start here
    Numeral,
    /// `one` to `ninety`.
    Number(f64),
    /// `hundred`, `thousand`, `million`, `billion`, `dozen`, `mln`, `bn`.
    Scale(f64),
    /// `tens`, `dozens`, `scores`, `hundreds`, `thousands`, `millions`: the lower bound.
    Vague(f64),
    /// `several`, `few`, `handful`: a small count, or a multiplier ("several hundred").
    Few(f64),
    Half,
    WmdAlone,
    WmdModifier,
    Assault,
    /// `entered`: an assault on a city, or a state joining a war.
    Enter,
    Declare,
    Invade,
    Troops,
    Join,
    // --- the rest
    WmdNoun,
    City,
    Border,
    Cross,
    Send,
    War,
    Article,
    Qual,
    /// A qualifier that makes the figure an upper bound: `nearly`, `almost`, `under`.
    QualUpper,
    At,
    To,
    Of,
    And,
    Or,
    Between,
    From,
    Out,
    The,
    In,
    During,
    Prep,
    Onto,
    Total,
    Unit,
    Aux,
    Remain,
    /// `could`, `would`, `threatened`, `warned`: what follows may not have happened.
    Modal,
    Parenthetical,
    Head(Head, u8),
    Toll,
    Connect,
    Seek,
    Refuge,
    Forced,
    Leave,
    /// `shifted`, `housed`: displacement when a camp or shelter follows.
    Moved,
    /// `camps`, `centres`, `shelters`: where the displaced are taken.
    Camp,
    Excl(Excl),
    Aged,
    Month,
    /// `may`: a month when capitalized, else a modal verb.
    May,
    Weekday,
    Since,
    So,
    Far,
    This,
    Last,
    Past,
    Date,
    Begin,
    Hosts,
    Superlative,
    /// `mourned`, `funeral`, `anniversary`: an aftermath, whose figures are an earlier
    /// event's; `true` for the nouns, which need `of` or `for` after them.
    Mourn(bool),
    Return,
    /// Past the last word of the text.
    End,
}

/// Words after a figure that make it something other than a count of people.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Excl {
    /// `years`, `decades`, `months`: a long period (also a background cue after `past`).
    Long,
    Month,
    /// `weeks`, `days`, `hours`: a short period.
    Short,
    Money,
    Other,
}
