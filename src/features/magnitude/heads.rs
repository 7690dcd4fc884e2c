//! What a figure counts (killed, wounded, displaced), and whether it is background.
//!
//! A figure meets its head word within its clause, in one of these shapes (first match):
//! - a verb just before it: "killing more than 300 worshippers", "displacing 60,000",
//!   "forced 60,000 people from their homes";
//! - a toll: "the death toll rose to 87", "put the toll at 1,200", "the toll of 300", "the
//!   number of displaced people has risen to 2.1 million"; "bringing the total to 19" takes
//!   the head of the sentence's previous figure;
//! - a noun and `of`: "the deaths of 45", "the massacre of 300";
//! - "fled in their thousands";
//! - a head after it, with units, auxiliaries and at most two unknown words between: "45
//!   civilians were killed", "Some 800,000 Rohingya have sought refuge", "Of the 256,000
//!   people displaced", "left 12 dead", "brings to 212 the number of people killed", across a
//!   parenthesis ("56 people, most of them children, were killed"); not when the head is a
//!   verb with a figure of its own ("Five soldiers killed 12 militants");
//! - an elliptic figure after `and` takes the previous figure's head: "killed 3 in Mosul and
//!   5 in Kirkuk".
//!
//! Displacement figures of people going back ("refugees returned") are dropped. A count
//! restated in other units ("640 households (roughly 3,900 people)", "1,150 families, or
//! about 6,700 people") is one figure, the restatement. A figure governed by a modal or a
//! threat ("could displace 200,000", "threatened to kill 50") is hypothetical.
//!
//! A figure is background when its sentence says so: `since` a year, a month, the war, the
//! start, a long time ago ("since 2011", "since the war began", "since a rebellion began 20
//! months ago"; not "since Friday", not "since fighting began on 2 May", not "the deadliest
//! since 2014"), the war as subject ("the war has killed"), "in the war", "in 2023", "in
//! March 2003", mourning or a funeral for the dead, "this year",
//! "last year", "last month", "over the past decade", "to date", a standing population
//! ("hosts 3.5 million refugees", "remain displaced"), the toll of an earlier event ("last
//! week's strike"). "So far" alone, "in total" and "in
//! all" are not: they often sum up the event being reported.

use super::doc::{Boundary, Doc};
use super::figure::{Figure, Head};
use super::kind::Kind;
use super::lexicon::{AFTER, NOUN_OF, VERB};
use super::novelty::{background, hypothetical};
use super::quantity::Quantity;

/// The previous attached figure of the text: its head, head word and last word.
#[derive(Clone, Copy)]
struct Previous {
    head: Head,
    at: usize,
    last: usize,
}

/// Attaches the `quantities` of `doc` to their heads (`out` is cleared first).
pub(super) fn attach(doc: &Doc, quantities: &[Quantity], out: &mut Vec<Figure>) {
    out.clear();
    let mut previous: Option<Previous> = None;
    // the head of a figure restated by the next one: "displacing 640 households (3,900 people)"
    let mut carried: Option<(Head, usize)> = None;
    for (n, q) in quantities.iter().enumerate() {
        // the previous figure counts only within the same sentence
        let prev = previous.filter(|p| same_sentence(doc, p.last.min(p.at), q.first));
        let restated = n > 0 && restates(doc, &quantities[n - 1], q);
        let head_before = carried
            .take()
            .filter(|_| restated)
            .or_else(|| before(doc, q, prev));
        if quantities.get(n + 1).is_some_and(|next| restates(doc, q, next)) {
            // the restatement in people is the figure; it takes this one's head, if any
            carried = head_before;
            continue;
        }
        let found = head_before
            .map(|(head, at)| (head, at, false))
            .or_else(|| after(doc, q, quantities, restated))
            .or_else(|| ellipsis(doc, q, prev).map(|(head, at)| (head, at, false)));
        if let Some((head, at, remain)) = found {
            if head == Head::Displace && returning(doc, at) {
                continue;
            }
            let hypothetical = hypothetical(doc, q, at);
            let background = !hypothetical && (remain || background(doc, q, at, head));
            out.push(Figure {
                head,
                value: q.value,
                background,
                hypothetical,
            });
            previous = Some(Previous {
                head,
                at,
                last: q.last,
            });
        }
    }
}

/// Whether figure `b` restates figure `a` in other units: "640 households (roughly 3,900
/// people)", "1,150 families, or about 6,700 people". The codebook counts families as given,
/// so only the restatement in people is read, once. A smaller figure in the parenthesis is
/// a part of the first, not a restatement: "12 soldiers (five of them officers)".
fn restates(doc: &Doc, a: &Quantity, b: &Quantity) -> bool {
    let unit = a.last + 1;
    if b.value < a.value
        || !(doc.next_to(a.last, unit) && doc.kind(unit) == Kind::Unit && doc.adjacent(unit, unit + 1))
    {
        return false;
    }
    let open = unit + 1;
    let gap = doc.between(unit, open);
    if b.first == open {
        gap.contains(&b'(')
    } else {
        b.first == open + 1 && doc.kind(open) == Kind::Or && gap.contains(&b',') && doc.next_to(open, b.first)
    }
}

/// No sentence end between words `a` and `b`, in either order.
fn same_sentence(doc: &Doc, a: usize, b: usize) -> bool {
    let (a, b) = (a.min(b), a.max(b));
    (a..b).all(|k| doc.boundary(k, k + 1) != Boundary::Hard)
}

/// A head before the figure: a verb, a toll, a noun and `of`, "in their".
fn before(doc: &Doc, q: &Quantity, prev: Option<Previous>) -> Option<(Head, usize)> {
    let p = q.first.checked_sub(1)?;
    // "gunned down 14": `down` is not a word the extractor knows
    if doc.is(p, "gunned") && doc.between(p, q.first) == b" down " {
        return Some((Head::Kill, p));
    }
    if !doc.next_to(p, q.first) {
        return None;
    }
    let word_before = |k: usize| k.checked_sub(1).filter(|&j| doc.next_to(j, k));
    match doc.kind(p) {
        Kind::Head(h, f) if f & VERB != 0 => Some((h, p)),
        Kind::Forced if forced_out(doc, q.last) => Some((Head::Displace, p)),
        Kind::Of => {
            let j = word_before(p)?;
            match doc.kind(j) {
                Kind::Toll => Some((Head::Kill, j)),
                Kind::Head(h, f) if f & NOUN_OF != 0 => Some((h, j)),
                Kind::Head(Head::Kill, _) if lives_taken(doc, j) => Some((Head::Kill, j)),
                Kind::Total => prev.map(|pr| (pr.head, j)),
                _ => None,
            }
        }
        Kind::To | Kind::At => {
            let j = word_before(p)?;
            match doc.kind(j) {
                Kind::Toll => Some((Head::Kill, j)),
                Kind::Total => prev.map(|pr| (pr.head, j)),
                Kind::Connect => connect(doc, j, prev),
                _ => None,
            }
        }
        Kind::Connect => connect(doc, p, prev),
        Kind::The => {
            // "killing its 3 occupants", "killed their 2 guards"
            let j = word_before(p)?;
            if let Kind::Head(h, f) = doc.kind(j) {
                return (f & VERB != 0).then_some((h, j));
            }
            // "fled in their thousands"
            if !doc.is(p, "their") {
                return None;
            }
            let in_ = Some(j).filter(|&j| doc.kind(j) == Kind::In)?;
            let head = word_before(in_)?;
            match doc.kind(head) {
                Kind::Head(h, f) if f & AFTER != 0 => Some((h, head)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The toll or head that a verb such as `rose` or `passed` at word `c` continues.
fn connect(doc: &Doc, c: usize, prev: Option<Previous>) -> Option<(Head, usize)> {
    let mut k = c;
    for _ in 0..6 {
        let j = k.checked_sub(1)?;
        if doc.boundary(j, k) != Boundary::None || doc.words[c].at - doc.words[j].at > 8 {
            return None;
        }
        match doc.kind(j) {
            Kind::Toll => return Some((Head::Kill, j)),
            Kind::Total => return prev.map(|pr| (pr.head, j)),
            Kind::Head(h, _) => return Some((h, j)),
            Kind::Numeral | Kind::Number(_) | Kind::Vague(_) => return None,
            _ => {}
        }
        k = j;
    }
    None
}

/// Whether "from", "out", "leave" or "flee" follows word `k` in its clause: "forced 60,000
/// people from their homes", "were forced to flee".
fn forced_out(doc: &Doc, k: usize) -> bool {
    (k + 1..doc.len().min(k + 6))
        .take_while(|&j| doc.boundary(j - 1, j) == Boundary::None)
        .any(|j| match doc.kind(j) {
            Kind::From | Kind::Out | Kind::Leave => true,
            Kind::Head(Head::Displace, _) => doc.is(j, "flee"),
            _ => false,
        })
}

/// A head after the figure; also whether "remain" or "still" came between.
/// A figure that `restated` another starts inside its parenthesis or apposition.
fn after(doc: &Doc, q: &Quantity, quantities: &[Quantity], restated: bool) -> Option<(Head, usize, bool)> {
    let (mut prev, mut unknown, mut remain, mut inside) = (q.last, 0, false, restated);
    let mut j = q.last + 1;
    let mut steps = 0;
    while j < doc.len() && steps < 8 {
        unknown += doc.unknowns(prev, j);
        if unknown > 2 {
            return None;
        }
        match doc.boundary(prev, j) {
            Boundary::Hard => return None,
            // the comma that closes ", most of them children,"
            Boundary::Soft if inside => inside = false,
            Boundary::Soft if doc.kind(j) == Kind::Parenthetical => {
                let close =
                    (j + 1..doc.len().min(j + 10)).find(|&k| doc.boundary(k - 1, k) != Boundary::None)?;
                if doc.boundary(close - 1, close) == Boundary::Hard {
                    return None;
                }
                (prev, j, inside) = (close - 1, close, true);
                continue;
            }
            Boundary::Soft => return None,
            Boundary::None => {}
        }
        match doc.kind(j) {
            Kind::Head(h, f) if f & AFTER != 0 => {
                let own_figure = f & VERB != 0
                    && doc.next_to(j, j + 1)
                    && quantities.binary_search_by_key(&(j + 1), |q| q.first).is_ok();
                return (!own_figure).then_some((h, j, remain));
            }
            Kind::Head(Head::Kill, _) if to_death(doc, j) => return Some((Head::Kill, j, remain)),
            Kind::Seek if doc.next_to(j, j + 1) && doc.kind(j + 1) == Kind::Refuge => {
                return Some((Head::Displace, j, remain))
            }
            Kind::Forced if forced_out(doc, j) => return Some((Head::Displace, j, remain)),
            // "are sheltering in schools"; before a figure, "a school sheltering 700" hosts
            Kind::Hosts if doc.is(j, "sheltering") => return Some((Head::Displace, j, remain)),
            // "were shifted to relief camps", "were taken to evacuation centres"
            Kind::Moved | Kind::Seek if camp_follows(doc, j) => return Some((Head::Displace, j, remain)),
            Kind::Remain => remain = true,
            Kind::Unit
            | Kind::Troops
            | Kind::The
            | Kind::Of
            | Kind::Aux
            | Kind::Modal
            | Kind::May
            | Kind::To
            | Kind::Qual
            | Kind::Total
            | Kind::Parenthetical => {}
            Kind::And if doc.next_to(j, j + 1) && doc.kind(j + 1) == Kind::Unit => {}
            _ => return None,
        }
        steps += 1;
        prev = j;
        j += 1;
    }
    None
}

/// "claimed the lives of 140", "took the lives of", "cost the lives of": `lives` at word `k`
/// with a verb of taking before "the" (not "saved the lives of 40").
fn lives_taken(doc: &Doc, k: usize) -> bool {
    const TAKING: [&str; 9] = [
        "claimed", "claiming", "claim", "claims", "took", "taking", "take", "cost", "costing",
    ];
    doc.is(k, "lives")
        && k > 0
        && doc.is(k - 1, "the")
        && doc.next_to(k - 1, k)
        && TAKING
            .iter()
            .any(|w| doc.text_word_before(k - 1).eq_ignore_ascii_case(w))
}

/// "were hacked to death", "stabbed to death", "burnt to death": `death` at word `k` after
/// `to` and a past participle (not "sentenced to death", "condemned to death").
fn to_death(doc: &Doc, k: usize) -> bool {
    if !(doc.is(k, "death") && k > 0 && doc.kind(k - 1) == Kind::To && doc.next_to(k - 1, k)) {
        return false;
    }
    let verb = doc.text_word_before(k - 1).to_ascii_lowercase();
    verb.len() > 3 && verb.ends_with("ed") && !matches!(verb.as_str(), "sentenced" | "condemned")
}

/// Whether a camp or shelter follows word `k` closely in its clause: "shifted to relief
/// camps", "housed in evacuation centres".
fn camp_follows(doc: &Doc, k: usize) -> bool {
    (k + 1..doc.len())
        .take_while(|&j| doc.boundary(j - 1, j) == Boundary::None && doc.words[j].at - doc.words[k].at <= 4)
        .any(|j| doc.kind(j) == Kind::Camp)
}

/// "25,000 refugees to return home", "12,000 refugees returned": people going back are not
/// newly displaced (the codebook calls returns de-escalation).
fn returning(doc: &Doc, at: usize) -> bool {
    (at + 1..doc.len().min(at + 5))
        .take_while(|&j| doc.boundary(j - 1, j) == Boundary::None)
        .any(|j| doc.kind(j) == Kind::Return)
}

/// "killed 3 in Mosul and 5 in Kirkuk": a figure right after `and` that found no head of
/// its own takes the previous figure's, if no other head comes between and it is not the
/// subject of a verb of its own ("drowned, and 23 survivors were pulled from the water").
fn ellipsis(doc: &Doc, q: &Quantity, prev: Option<Previous>) -> Option<(Head, usize)> {
    let prev = prev?;
    let p = q.first.checked_sub(1)?;
    if !(doc.next_to(p, q.first) && doc.kind(p) == Kind::And) {
        return None;
    }
    // a noun the extractor does not know between the figure and the auxiliary says the
    // figure counts something else ("23 survivors were"; not "another 14,500 are staying")
    let subject = (q.last + 1..doc.len())
        .take_while(|&j| {
            doc.boundary(j - 1, j) == Boundary::None && doc.words[j].at - doc.words[q.last].at <= 3
        })
        .find(|&j| doc.kind(j) != Kind::Unit)
        .is_some_and(|j| {
            doc.unknowns(q.last, j) > 0
                && doc.kind(j) == Kind::Aux
                && !["who", "that", "which"].iter().any(|w| doc.is(j, w))
        });
    if subject {
        return None;
    }
    let heads_between = (prev.last.max(prev.at) + 1..p).any(|k| matches!(doc.kind(k), Kind::Head(..)));
    (!heads_between).then_some((prev.head, prev.at))
}

#[cfg(test)]
mod tests {
    use super::super::{extract, Head};

    /// The (head, value, background) of every figure of `text`.
    fn figures(text: &str) -> Vec<(Head, f64, bool)> {
        extract(text)
            .figures
            .iter()
            .map(|f| (f.head, f.value, f.background))
            .collect()
    }

    use Head::*;

    #[test]
    fn heads_before_the_figure() {
        assert_eq!(
            figures("killing more than 300 worshippers"),
            [(Kill, 300.0, false)]
        );
        assert_eq!(figures("Clashes displace 20,000"), [(Displace, 20_000.0, false)]);
        assert_eq!(figures("The death toll rose to 87."), [(Kill, 87.0, false)]);
        assert_eq!(figures("the massacre of 300 villagers"), [(Kill, 300.0, false)]);
        assert_eq!(
            figures("forced 60,000 people from their homes"),
            [(Displace, 60_000.0, false)]
        );
        assert_eq!(
            figures("Civilians fled in their thousands."),
            [(Displace, 1_000.0, false)]
        );
    }

    #[test]
    fn heads_after_the_figure() {
        assert_eq!(figures("45 civilians were killed"), [(Kill, 45.0, false)]);
        assert_eq!(
            figures("Of the 256,000 people displaced"),
            [(Displace, 256_000.0, false)]
        );
        assert_eq!(
            figures("Some 800,000 Rohingya have sought refuge"),
            [(Displace, 800_000.0, false)]
        );
        assert_eq!(
            figures("left 12 dead and 40 wounded"),
            [(Kill, 12.0, false), (Wound, 40.0, false)]
        );
        assert_eq!(
            figures("At least 56 people, mostly women, were killed."),
            [(Kill, 56.0, false)]
        );
        assert_eq!(
            figures("Five soldiers killed 12 militants."),
            [(Kill, 12.0, false)]
        );
        assert!(figures("300 people were rescued from the rubble.").is_empty());
    }

    #[test]
    fn ellipsis_and_totals_take_the_previous_head() {
        assert_eq!(
            figures("killed 3 in Mosul and 5 in Kirkuk"),
            [(Kill, 3.0, false), (Kill, 5.0, false)]
        );
        assert_eq!(
            figures("40 migrants drowned, and 23 survivors were pulled from the water."),
            [(Kill, 40.0, false)]
        );
        assert_eq!(
            figures("Seven were killed on Monday, bringing the total to 19."),
            [(Kill, 7.0, false), (Kill, 19.0, false)]
        );
    }

    #[test]
    fn background_figures_are_marked() {
        assert_eq!(
            figures("The war has killed 500,000 people."),
            [(Kill, 500_000.0, true)]
        );
        assert_eq!(
            figures("Since 2011, 13 million have been displaced."),
            [(Displace, 13e6, true)]
        );
        assert_eq!(
            figures("So far this year, 3,400 were killed."),
            [(Kill, 3_400.0, true)]
        );
        assert_eq!(
            figures("The country hosts 3.5 million refugees."),
            [(Displace, 3.5e6, true)]
        );
        assert_eq!(
            figures("300,000 remain displaced."),
            [(Displace, 300_000.0, true)]
        );
        assert_eq!(figures("70 were killed since Friday."), [(Kill, 70.0, false)]);
        assert_eq!(
            figures("The deadliest since 2014: 73 killed."),
            [(Kill, 73.0, false)]
        );
        assert_eq!(
            figures("the deadliest since the war began, with 73 killed"),
            [(Kill, 73.0, false)]
        );
        assert_eq!(figures("In all, 64 people were killed."), [(Kill, 64.0, false)]);
        assert_eq!(
            figures("the toll from last week's strike passed 150"),
            [(Kill, 150.0, true)]
        );
        assert!(figures("12,000 refugees returned to their villages").is_empty());
    }

    #[test]
    fn long_since_clauses_and_referred_events_are_background() {
        // the period ten words after `since`; a day of the month is this wave
        assert_eq!(
            figures("100,000 have been killed since the coalition invaded the country in March 2003."),
            [(Kill, 100_000.0, true)]
        );
        assert_eq!(
            figures("40,000 have died since a rebellion began 20 months ago."),
            [(Kill, 40_000.0, true)]
        );
        assert_eq!(
            figures("180,000 displaced since fighting began on 2 May."),
            [(Displace, 180_000.0, false)]
        );
        // a verb between the pronoun and the figure; but a pronoun that introduces what is
        // reported is not a relative
        assert_eq!(
            figures("charged over the siege that left 330 people dead"),
            [(Kill, 330.0, true)]
        );
        assert_eq!(
            figures("The agency estimates that 340,000 people have fled."),
            [(Displace, 340_000.0, false)]
        );
        // mourning, and a funeral only with `for` or `of`
        assert_eq!(
            figures("The nation mourned the 80 people killed."),
            [(Kill, 80.0, true)]
        );
        assert_eq!(
            figures("A bomber struck a funeral procession killing 30 people."),
            [(Kill, 30.0, false)]
        );
    }
}
