//! What the extractor emits: figures attached to what they count, figure-less cues, and
//! the token each becomes.

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Head {
    Kill,
    Wound,
    Displace,
}

/// A figure attached to what it counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub head: Head,
    /// The count as written; the lower bound of a range; one less for upper bounds
    /// ("nearly 100" is 99).
    pub value: f64,
    /// A background figure: cumulative over the war or a long period, or a standing
    /// population of refugees; it does not raise the level as a new figure does.
    pub background: bool,
    /// A threat, warning or possibility, not an event: "could displace up to 200,000",
    /// "threatened to kill 50 hostages". The codebook calls threats tension, so these neither
    /// raise the level nor count as background.
    pub hypothetical: bool,
}

/// Major escalation named without a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cue {
    /// Chemical or other mass-casualty weapons: chlorine, sarin, mustard gas, toxic gas.
    Wmd,
    /// An offensive, assault or siege on a city, capital or old city, or its capture.
    CityAssault,
    /// One state attacking another: troops crossing the border, an invasion, war declared.
    Interstate,
}

/// Every token the extractor can emit, by index.
pub const TOKENS: [&str; 25] = [
    "<kill:1-9>",
    "<kill:10-99>",
    "<kill:100-999>",
    "<kill:1k+>",
    "<kill≥100>",
    "<wound:1-9>",
    "<wound:10-99>",
    "<wound:100+>",
    "<displace:1-999>",
    "<displace:1k-9k>",
    "<displace:10k-99k>",
    "<displace:100k-999k>",
    "<displace:1m+>",
    "<displace≥100k>",
    "<bg:kill>",
    "<bg:wound>",
    "<bg:displace>",
    "<cue:wmd>",
    "<cue:city-assault>",
    "<cue:interstate>",
    "<maybe:kill>",
    "<maybe:wound>",
    "<maybe:displace>",
    "<maybe:cue>",
    "<bg:cue>",
];

/// The index in [`TOKENS`] of `<maybe:cue>`: a cue named as a threat or a possibility.
pub(super) const MAYBE_CUE: usize = 23;
/// The index in [`TOKENS`] of `<bg:cue>`: a cue from earlier in the war ("the scene of a
/// 2017 chemical attack").
pub(super) const BACKGROUND_CUE: usize = 24;

impl Figure {
    /// The size bucket's name, as in `<kill:10-99>` (`bg` for background figures, `maybe`
    /// for threats and possibilities).
    pub fn bucket(&self) -> &'static str {
        if self.hypothetical {
            return "maybe";
        }
        if self.background {
            return "bg";
        }
        let token = TOKENS[self.tokens().0];
        &token[token.find(':').map_or(0, |i| i + 1)..token.len() - 1]
    }

    /// The indices in [`TOKENS`] of the figure's bucket token and threshold token.
    pub(super) fn tokens(&self) -> (usize, Option<usize>) {
        let v = self.value;
        if self.hypothetical {
            let maybe = match self.head {
                Head::Kill => 20,
                Head::Wound => 21,
                Head::Displace => 22,
            };
            return (maybe, None);
        }
        match (self.head, self.background) {
            (Head::Kill, true) => (14, None),
            (Head::Wound, true) => (15, None),
            (Head::Displace, true) => (16, None),
            (Head::Kill, false) => match v {
                v if v < 10.0 => (0, None),
                v if v < 100.0 => (1, None),
                v if v < 1_000.0 => (2, Some(4)),
                _ => (3, Some(4)),
            },
            (Head::Wound, false) => match v {
                v if v < 10.0 => (5, None),
                v if v < 100.0 => (6, None),
                _ => (7, None),
            },
            (Head::Displace, false) => match v {
                v if v < 1_000.0 => (8, None),
                v if v < 10_000.0 => (9, None),
                v if v < 100_000.0 => (10, None),
                v if v < 1_000_000.0 => (11, Some(13)),
                _ => (12, Some(13)),
            },
        }
    }
}

impl Cue {
    pub(super) fn token(self) -> usize {
        match self {
            Cue::Wmd => 17,
            Cue::CityAssault => 18,
            Cue::Interstate => 19,
        }
    }
}
