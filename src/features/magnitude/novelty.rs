//! Whether a figure reports something new: a background figure (cumulative over the war, a
//! standing population, an earlier event's toll) or a threat, warning or possibility. Both
//! are read from the words around the figure and its head; see [`heads`](super::heads) for
//! the rules in words.

use super::doc::{Boundary, Doc};
use super::figure::Head;
use super::kind::{Excl, Kind};
use super::quantity::{is_year, Quantity};

/// Whether a modal or a threat governs the figure with its head at word `at`: "could
/// displace up to 200,000", "a million people could be displaced", "threatened to kill 50
/// hostages", "could force as many as 500,000 people to flee"; not "will investigate the
/// deaths of 12".
pub(super) fn hypothetical(doc: &Doc, q: &Quantity, at: usize) -> bool {
    let (start, end) = (q.first.min(at), q.last.max(at));
    if (start..end).any(|j| is_modal(doc, j)) {
        return true;
    }
    // before the figure or its head: a modal with only `to`, `be`, `have` between, and one
    // unknown verb when the head follows the figure ("could force as many as 500,000")
    let allowed_unknown = u32::from(q.first < at);
    let (mut k, mut unknown) = (start, 0);
    while k > 0 && doc.boundary(k - 1, k) == Boundary::None {
        unknown += doc.unknowns(k - 1, k);
        if unknown > allowed_unknown {
            return false;
        }
        k -= 1;
        match doc.kind(k) {
            _ if is_modal(doc, k) => return true,
            Kind::To | Kind::Aux => {}
            _ => return false,
        }
    }
    false
}

/// A modal or a threat at word `k`; not a modal with `have`, which estimates what happened
/// ("up to 50,000 may have been killed").
pub(super) fn is_modal(doc: &Doc, k: usize) -> bool {
    let modal = match doc.kind(k) {
        Kind::Modal => true,
        // "May" is the month
        Kind::May => doc.raw(k).starts_with('m'),
        _ => false,
    };
    modal && !(doc.next_to(k, k + 1) && doc.is(k + 1, "have"))
}

/// Whether the sentence of the figure (with its head at word `at`) marks it as background.
/// A total of flight counted from the start of the current year or a shorter span ("so far
/// this year", "since January", "since the start of the year") is the current wave, as the
/// codebook rules, while a year's tally of killings is background.
pub(super) fn background(doc: &Doc, q: &Quantity, at: usize, head: Head) -> bool {
    let flow = head == Head::Displace;
    let mut lo = q.first.min(at);
    while lo > 0 && doc.boundary(lo - 1, lo) != Boundary::Hard {
        lo -= 1;
    }
    let mut hi = q.last.max(at);
    while hi + 1 < doc.len() && doc.boundary(hi, hi + 1) != Boundary::Hard {
        hi += 1;
    }
    let next = |k: usize| (k < hi && doc.next_to(k, k + 1)).then(|| doc.kind(k + 1));
    // the kind of the word after `k`, skipping one number ("the past two years")
    let period = |k: usize| match next(k) {
        Some(Kind::Number(_) | Kind::Numeral | Kind::Few(_)) => next(k + 1),
        other => other,
    };
    (lo..=hi).any(|k| {
        let cue = match doc.kind(k) {
            Kind::Since => since(doc, k, hi, flow),
            // "the war has killed", "a conflict that has claimed", "the insurgency, which has"
            Kind::War => {
                let has = |j: usize| ["has", "have", "had"].iter().any(|w| doc.is(j, w));
                let relative = k + 2 <= hi
                    && doc.adjacent(k, k + 1)
                    && (doc.is(k + 1, "that") || doc.is(k + 1, "which"))
                    && doc.next_to(k + 1, k + 2);
                (next(k).is_some() && has(k + 1)) || (relative && has(k + 2))
            }
            // "in the war", "in 2023", "in March 2003"
            Kind::In | Kind::During => {
                let year_at = |j: usize| j <= hi && doc.next_to(j - 1, j) && is_year(doc.raw(j));
                (next(k) == Some(Kind::The) && next(k + 1) == Some(Kind::War))
                    || year_at(k + 1)
                    || (matches!(next(k), Some(Kind::Month | Kind::May)) && year_at(k + 2))
            }
            // "the 1994 bombing of a community centre that killed 85", "a 2017 attack that
            // left 40 dead": an event its year dates, in the figure's own clause; a report of
            // this week's violence does not name the year
            Kind::The | Kind::Article => {
                let first = q.first.min(at);
                k < first
                    && next(k).is_some()
                    && is_year(doc.raw(k + 1))
                    && same_clause(doc, k, first)
                    && doc.words[first].at - doc.words[k].at <= 12
            }
            Kind::This => !flow && next(k).is_some() && doc.is(k + 1, "year"),
            // "last year", "last month", and an earlier event: "last week's strike"
            Kind::Last => match period(k) {
                Some(Kind::Excl(Excl::Long | Excl::Month)) => true,
                Some(Kind::Excl(_)) => possessive(doc.raw(k + 1)),
                _ => false,
            },
            Kind::Past => period(k) == Some(Kind::Excl(Excl::Long)),
            Kind::To => next(k) == Some(Kind::Date),
            // "hosts 3.5 million refugees", "housing some 700": right before the figure (not
            // "destroyed 2,100 houses and left 11,000 people homeless")
            Kind::Hosts => {
                k < q.first
                    && doc.words[q.first].at - doc.words[k].at == (q.first - k) as u32
                    && same_clause(doc, k, q.first)
                    && (k + 1..q.first)
                        .all(|j| matches!(doc.kind(j), Kind::Qual | Kind::QualUpper | Kind::Article))
            }
            // "Russia mourned the deaths of hundreds", "funerals for the 45 killed", "the
            // anniversary of the massacre of 300": the aftermath of an earlier event (not
            // "a bomb hit a funeral, killing 30": a noun needs `of` or `for` after it)
            Kind::Mourn(noun) => {
                let first = q.first.min(at);
                k < first
                    && same_clause(doc, k, first)
                    && doc.words[first].at - doc.words[k].at <= 8
                    && (!noun || matches!(next(k), Some(Kind::Of | Kind::Onto)))
            }
            _ => false,
        };
        cue && !after_superlative(doc, lo, k)
    }) || referenced_event(doc, q, at)
}

/// "charged over the bombing that killed 191", "the siege, during which more than 330 died":
/// the figure describes an event the text refers back to, with the definite article and a
/// restrictive `that` or `which` (no comma before it), or with "during which". A new event is
/// told with an indefinite article or a non-restrictive clause: "a bomb that killed 12
/// exploded", "the blast, which killed 12, ripped through".
fn referenced_event(doc: &Doc, q: &Quantity, at: usize) -> bool {
    let first = q.first.min(at);
    let relative = |k: usize| doc.is(k, "that") || doc.is(k, "which");
    // "during which more than 330 people died": right before the figure
    let during_which = first >= 2
        && relative(first - 1)
        && doc.kind(first - 2) == Kind::During
        && doc.next_to(first - 2, first - 1)
        && same_clause(doc, first - 1, first);
    // "the bombing that killed 191", "the attacks that have killed 400", "the siege that
    // left 330 dead": the relative pronoun before the head verb or the figure, with only
    // auxiliaries and one unknown verb between, and "the" at most five words before the
    // pronoun with no comma between
    let mut k = first;
    let that_killed = loop {
        if k == 0 || doc.boundary(k - 1, k) != Boundary::None || doc.words[first].at - doc.words[k - 1].at > 3
        {
            break false;
        }
        k -= 1;
        if relative(k) {
            // before a figure whose head follows it, exactly one unknown verb ("that left 330
            // dead"; "reports that 1,120 families were displaced" is what is reported)
            let verbs = doc.unknowns(k, first) == u32::from(first != at);
            break verbs
                && (0..k)
                    .rev()
                    .take_while(|&j| same_clause(doc, j, k))
                    .any(|j| doc.is(j, "the") && doc.words[k].at - doc.words[j].at <= 5);
        }
        if doc.kind(k) != Kind::Aux {
            break false;
        }
    };
    during_which || that_killed
}

fn possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("\u{2019}s")
}

fn same_clause(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b).all(|k| doc.boundary(k, k + 1) == Boundary::None)
}

/// "since 2011", "since the war began", "since April", "since a rebellion began 20 months
/// ago", "since the coalition invaded the country in March 2003": a long time; not "since
/// Friday", "since 16 January", "since the offensive began three weeks ago". The period can
/// sit ten known words after `since`, within its clause. For a `flow` of flight, the current
/// year is not a long time: "since January", "since the start of the year" (but "since
/// fighting erupted in April" dates the war's start).
fn since(doc: &Doc, s: usize, hi: usize, flow: bool) -> bool {
    let (mut long, mut recent) = (false, false);
    let end = hi.min(s + 10);
    for k in s + 1..=end {
        if doc.boundary(k - 1, k) != Boundary::None {
            break;
        }
        let day_number = |j: usize| doc.kind(j) == Kind::Numeral && !is_year(doc.raw(j));
        let dated = (k > 0 && doc.next_to(k - 1, k) && day_number(k - 1))
            || (doc.next_to(k, k + 1) && day_number(k + 1));
        match doc.kind(k) {
            Kind::Numeral if is_year(doc.raw(k)) => long = true,
            Kind::War => long = true,
            Kind::Begin => long |= !(flow && of_this_period(doc, k)),
            // "since January" is this year's flow; "since fighting erupted in April" dates
            // the war's start, which is background for flight too
            Kind::Month if !dated => long |= !(flow && k == s + 1 && doc.next_to(s, k)),
            Kind::Excl(Excl::Long) => long |= !(flow && this_year(doc, k)),
            Kind::Weekday | Kind::Excl(Excl::Short) => recent = true,
            // "since fighting began on 2 May": a day of the month is this wave
            Kind::Month | Kind::May if dated => recent = true,
            _ => {}
        }
    }
    long && !recent
}

/// "the year" or "this year" at word `k`.
fn this_year(doc: &Doc, k: usize) -> bool {
    doc.is(k, "year") && k > 0 && doc.next_to(k - 1, k) && (doc.is(k - 1, "the") || doc.is(k - 1, "this"))
}

/// "start of the year", "beginning of this month" from the `start` at word `k`.
fn of_this_period(doc: &Doc, k: usize) -> bool {
    let period = k + 3;
    period < doc.len()
        && doc.kind(k + 1) == Kind::Of
        && doc.next_to(k, k + 1)
        && doc.next_to(k + 1, k + 2)
        && doc.next_to(k + 2, period)
        && (this_year(doc, period)
            || (doc.is(period, "month") && (doc.is(k + 2, "the") || doc.is(k + 2, "this"))))
}

/// Whether a superlative shortly before word `k` makes it a comparison: "the deadliest
/// since 2014".
fn after_superlative(doc: &Doc, lo: usize, k: usize) -> bool {
    (lo..k).any(|j| doc.kind(j) == Kind::Superlative && doc.words[k].at - doc.words[j].at <= 8)
}
