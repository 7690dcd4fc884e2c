//! Major escalation named without a figure (`datasets/CODEBOOK.md`, level 3).
//!
//! - [`Cue::Wmd`]: a chemical or other mass-casualty weapon: `chlorine`, `sarin`, `VX`,
//!   `mustard gas`, `toxic gas`, `nerve agent`, `chemical attack`, `chemical weapons`, `gas
//!   attack`. Barrel bombs are not: they are crude but conventional.
//! - [`Cue::CityAssault`]: an offensive, assault, siege, capture or entry aimed at a city or
//!   capital within a few words ("assault on the Old City", "siege of the provincial
//!   capital", "rebels captured the city of Kindu", "besieged city"), or a city that fell.
//!   An "attack on the city" is not: strikes on cities are everyday level-2 news.
//! - [`Cue::Interstate`]: troops crossing a border or sent into a war ("troops crossed the
//!   border", "sent troops across the border", "sends troops into the war"), a state joining
//!   a war, an invasion (`invaded`), war declared ("declared war", "declaration of war").
//!
//! The cues are read from the words alone, so a treaty on chemical weapons also makes one,
//! and the model weighs them in their context; a cue named as a threat or a possibility
//! ("ready to declare war", "warned of an assault on the capital") becomes `<maybe:cue>`.

use super::doc::{Boundary, Doc};
use super::figure::Cue;
use super::kind::Kind;
use super::novelty::is_modal;
use super::quantity::is_year;

/// Where [`find`] puts the cues it reads: reported, threatened, in background.
pub(super) struct Found<'a> {
    pub cues: &'a mut Vec<Cue>,
    pub threatened: &'a mut Vec<Cue>,
    pub past: &'a mut Vec<Cue>,
}

/// The cues of the document, in text order: those reported go to `found.cues`, those named
/// as a threat or a possibility ("ready to declare war", "warned of an offensive on the
/// city") to `found.threatened`, those in background ("a 2017 chemical attack", "the city
/// fell in 2014") to `found.past`. Every cue starts at a trigger.
pub(super) fn find(doc: &Doc, found: Found<'_>) {
    let Found {
        cues,
        threatened,
        past,
    } = found;
    cues.clear();
    threatened.clear();
    past.clear();
    for &i in doc.triggers {
        let i = i as usize;
        let cue = match doc.kind(i) {
            Kind::WmdAlone => Some(Cue::Wmd),
            Kind::WmdModifier => (doc.next_to(i, i + 1)
                && (doc.kind(i + 1) == Kind::WmdNoun || doc.is(i + 1, "gas")))
            .then_some(Cue::Wmd),
            // "the city fell", "the capital falls"
            Kind::Assault
                if (doc.is(i, "fell") || doc.is(i, "falls"))
                    && i > 0
                    && doc.next_to(i - 1, i)
                    && doc.kind(i - 1) == Kind::City =>
            {
                Some(Cue::CityAssault)
            }
            Kind::Assault => city_ahead(doc, i).then_some(Cue::CityAssault),
            Kind::Enter if war_ahead(doc, i) => Some(Cue::Interstate),
            Kind::Enter => city_ahead(doc, i).then_some(Cue::CityAssault),
            Kind::Declare => ahead(doc, i, 4)
                .any(|j| doc.kind(j) == Kind::War)
                .then_some(Cue::Interstate),
            Kind::Invade => Some(Cue::Interstate),
            Kind::Join => war_ahead(doc, i).then_some(Cue::Interstate),
            Kind::Troops => troops_cross(doc, i).then_some(Cue::Interstate),
            _ => None,
        };
        if let Some(cue) = cue {
            if modal_before(doc, i) {
                threatened.push(cue);
            } else if dated_in_the_past(doc, i) {
                past.push(cue);
            } else {
                cues.push(cue);
            }
        }
    }
}

/// A year close to the cue at word `i`, in its clause: up to three words before it ("a
/// deadly 2017 chemical weapons attack", "the 2014 siege of the city") or `in` a year (or a
/// month and year) up to six words after it ("the city fell to the rebels in 2014", "invaded
/// the country in March 2003"). Only the cue's own clause
/// counts: the sentence cues of background figures ("since 2015" anywhere in it) would
/// also date the new events beside an old one.
fn dated_in_the_past(doc: &Doc, i: usize) -> bool {
    let year = |k: usize| doc.kind(k) == Kind::Numeral && is_year(doc.raw(k));
    let before = (0..i)
        .rev()
        .take_while(|&k| doc.boundary(k, k + 1) == Boundary::None && doc.words[i].at - doc.words[k].at <= 3)
        .any(year);
    let after = (i + 1..doc.len())
        .take_while(|&k| doc.boundary(k - 1, k) == Boundary::None && doc.words[k].at - doc.words[i].at <= 6)
        .any(|k| {
            // "in 2014", "in March 2003"
            let month = matches!(doc.kind(k - 1), Kind::Month | Kind::May) && k >= 2;
            let at = if month { k - 1 } else { k };
            year(k)
                && doc.next_to(at - 1, at)
                && doc.kind(at - 1) == Kind::In
                && (!month || doc.next_to(k - 1, k))
        });
    before || after
}

/// A modal or a threat up to four words before word `i`, in its clause.
fn modal_before(doc: &Doc, i: usize) -> bool {
    (0..i)
        .rev()
        .take_while(|&k| doc.boundary(k, k + 1) == Boundary::None && doc.words[i].at - doc.words[k].at <= 4)
        .any(|k| is_modal(doc, k))
}

/// The words after word `i` in its clause, at most `n` of them and at most two unknown
/// words away.
fn ahead<'a>(doc: &'a Doc, i: usize, n: usize) -> impl Iterator<Item = usize> + 'a {
    (i + 1..doc.len().min(i + 1 + n)).take_while(move |&j| {
        doc.boundary(j - 1, j) == Boundary::None && doc.words[j].at - doc.words[i].at <= n as u32 + 2
    })
}

/// A city or capital a few words after an assault word, with only articles, `of`, `on`,
/// `into`, `against` and at most two unknown words ("old", "provincial") between.
fn city_ahead(doc: &Doc, i: usize) -> bool {
    for j in ahead(doc, i, 7) {
        match doc.kind(j) {
            Kind::City => return true,
            Kind::The | Kind::Of | Kind::Onto | Kind::To | Kind::Article => {}
            _ => return false,
        }
    }
    false
}

/// "joined the war", "entered the conflict".
fn war_ahead(doc: &Doc, i: usize) -> bool {
    for j in ahead(doc, i, 3) {
        match doc.kind(j) {
            Kind::War => return true,
            Kind::The | Kind::Article => {}
            _ => return false,
        }
    }
    false
}

/// Troops crossing a border, or sent into a war: "troops crossed the border", "5,000 troops
/// across the border", "troops into the war".
fn troops_cross(doc: &Doc, i: usize) -> bool {
    let (mut crossing, mut into) = (false, false);
    for j in ahead(doc, i, 6) {
        match doc.kind(j) {
            Kind::Cross => crossing = true,
            Kind::Border if crossing => return true,
            Kind::Onto | Kind::To | Kind::Join => into = true,
            Kind::War if into => return true,
            Kind::The | Kind::Article | Kind::Aux | Kind::Qual => {}
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Cue};

    fn cues(text: &str) -> Vec<Cue> {
        extract(text).cues
    }

    #[test]
    fn mass_casualty_weapons() {
        assert_eq!(cues("a chlorine bomb"), [Cue::Wmd]);
        assert_eq!(cues("traces of sarin"), [Cue::Wmd]);
        assert_eq!(cues("the government denied using toxic gas"), [Cue::Wmd]);
        assert_eq!(cues("a suspected chemical attack"), [Cue::Wmd]);
        assert!(cues("police fired tear gas").is_empty());
        assert!(cues("a barrel bomb hit a bakery").is_empty());
    }

    #[test]
    fn assaults_on_cities() {
        assert_eq!(cues("an assault on the Old City"), [Cue::CityAssault]);
        assert_eq!(cues("the siege of the provincial capital"), [Cue::CityAssault]);
        assert_eq!(cues("Rebels captured the city of Kindu."), [Cue::CityAssault]);
        assert_eq!(cues("the besieged city"), [Cue::CityAssault]);
        assert_eq!(cues("The capital fell to the rebels."), [Cue::CityAssault]);
        assert!(cues("an attack on the city").is_empty());
        assert!(cues("Rebels seized two villages near the city.").is_empty());
    }

    /// The cues of `text` as (reported, threatened, in background).
    fn split(text: &str) -> (Vec<Cue>, Vec<Cue>, Vec<Cue>) {
        let e = extract(text);
        (e.cues, e.threatened, e.past)
    }

    #[test]
    fn threats_and_possibilities_are_kept_apart() {
        for (text, cue) in [
            (
                "The country was ready to declare war on its neighbour.",
                Cue::Interstate,
            ),
            (
                "The minister warned of an assault on the capital.",
                Cue::CityAssault,
            ),
            ("The rebels threatened to use chlorine.", Cue::Wmd),
        ] {
            assert_eq!(split(text), (vec![], vec![cue], vec![]), "{text}");
        }
        let reported = "Parliament declared war on its neighbour.";
        assert_eq!(split(reported), (vec![Cue::Interstate], vec![], vec![]));
    }

    #[test]
    fn cues_from_earlier_in_the_war_are_background() {
        for (text, cue) in [
            (
                "Troops took two villages near the town hit by a 2017 chemical weapons attack.",
                Cue::Wmd,
            ),
            (
                "The city fell to the rebels in 2014 and was retaken a year later.",
                Cue::CityAssault,
            ),
            (
                "Troops crossed the border in 2022; the two sides have met four times since.",
                Cue::Interstate,
            ),
        ] {
            assert_eq!(split(text), (vec![], vec![], vec![cue]), "{text}");
        }
        // a year elsewhere in a new event's sentence does not make it old
        let new = "Witnesses smelled chlorine on Tuesday, the first such report since March.";
        assert_eq!(split(new), (vec![Cue::Wmd], vec![], vec![]));
    }

    #[test]
    fn one_state_against_another() {
        assert_eq!(cues("Troops crossed the border overnight."), [Cue::Interstate]);
        assert_eq!(
            cues("The president declared war on its neighbour."),
            [Cue::Interstate]
        );
        assert_eq!(cues("a declaration of war"), [Cue::Interstate]);
        assert_eq!(cues("Neighbour sends troops into the war"), [Cue::Interstate]);
        assert_eq!(cues("sent 5,000 troops across the border"), [Cue::Interstate]);
        assert_eq!(cues("The country has joined the war."), [Cue::Interstate]);
        assert!(cues("Troops massed along the border.").is_empty());
        assert!(cues("Thousands crossed the border into Chad.").is_empty());
        assert!(cues("declared a state of emergency").is_empty());
    }
}
