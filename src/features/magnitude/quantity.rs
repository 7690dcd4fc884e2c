//! Figures, and what is not a count of people.
//!
//! A figure is a numeral (`256,000`, `1.2 million`, `1.2m`, `3bn`, `2.3 mln`), number words
//! (`forty-two`, `two dozen`, `two hundred and fifty`, `a hundred`, `half a million`), or a
//! vague quantity, valued at its lower bound (`dozens` 12, `scores` 20, `hundreds` 100,
//! `tens of thousands` 10,000, `several` 3, `a few hundred` 200). Qualifiers before it
//! (`at least`, `more than`, `some`, `an estimated`, `up to`, `nearly`) belong to it; upper
//! bounds (`nearly`, `almost`, `up to`, `fewer than`, `under`) make it one less, so "nearly
//! 100" falls below a threshold of 100. A range (`between 40 and 60`, `120-150`, `1.2 to 1.5
//! million`) counts as its lower bound; `from 40 to 87` as 87.
//!
//! Not counts: years (`2015`, unless people follow: `2000 people fled`), dates (`16 January`),
//! ages (`a 14-year-old`, `aged 30`), money (`$3bn`, `USD 5 million`, `40 dollars`),
//! percentages, distances, weights and periods (`30 km`, `40 tonnes`, `two days`), times
//! (`3 am`, `14:30`), `no one`, and names with digits (`Route 7`, `F-16`, `COVID-19`; `M23`
//! and `33rd` are never read as numerals).

use super::doc::{boundary_in, Boundary, Doc};
use super::kind::Kind;
use super::numeral::numeral;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Quantity {
    /// The first word, qualifiers included (`more` in "more than 300").
    pub first: usize,
    /// The last word of the figure.
    pub last: usize,
    pub value: f64,
}

/// The counts of the document, in text order (`out` is cleared first). Figures start at a
/// trigger, or one word before it: "a hundred", "a few", "between 40 and 60".
pub(super) fn find(doc: &Doc, out: &mut Vec<Quantity>) {
    out.clear();
    // the first word not yet part of a figure
    let mut next = 0;
    for &t in doc.triggers {
        let t = t as usize;
        if t < next {
            continue;
        }
        let opener =
            t > next && doc.next_to(t - 1, t) && matches!(doc.kind(t - 1), Kind::Article | Kind::Between);
        for i in opener.then(|| t - 1).into_iter().chain([t]) {
            if let Some(last) = figure_at(doc, i, out) {
                next = last + 1;
                break;
            }
        }
    }
}

/// Reads a figure starting at word `i` and adds it to `out` unless it is not a count;
/// returns its last word, or `None` if no figure starts there.
fn figure_at(doc: &Doc, i: usize, out: &mut Vec<Quantity>) -> Option<usize> {
    let between = doc.kind(i) == Kind::Between && doc.next_to(i, i + 1);
    let start = if between { i + 1 } else { i };
    let (last, value) = read(doc, start, between)?;
    let (first, upper) = qualifiers(doc, i);
    let value = if upper { value - 1.0 } else { value };
    if value >= 1.0 && !excluded(doc, first, start, last) {
        out.push(Quantity { first, last, value });
    }
    Some(last)
}

/// A figure starting at word `i`, ranges included: its last word and value.
fn read(doc: &Doc, i: usize, between: bool) -> Option<(usize, f64)> {
    let (last_x, mut x, x_scale) = number(doc, i)?;
    let k = last_x + 1;
    if k >= doc.len() || !doc.adjacent(last_x, k) {
        return Some((last_x, x));
    }
    let gap = doc.between(last_x, k);
    let dash = gap == b"-" || gap == "\u{2013}".as_bytes();
    let joiner = !dash
        && doc.next_to(last_x, k)
        && match doc.kind(k) {
            Kind::To | Kind::Or => true,
            Kind::And => between,
            _ => false,
        };
    let y_start = if dash { k } else { k + 1 };
    if !(dash || (joiner && doc.next_to(k, y_start))) {
        return Some((last_x, x));
    }
    let Some((last_y, y, y_scale)) = number(doc, y_start) else {
        return Some((last_x, x));
    };
    if x_scale == 1.0 && y_scale > 1.0 && x * y_scale <= y {
        x *= y_scale; // "1.2 to 1.5 million"
    }
    if x > y {
        return Some((last_x, x)); // "3-1" is a score, not a range
    }
    let from = i > 0 && doc.next_to(i - 1, i) && doc.kind(i - 1) == Kind::From;
    Some((last_y, if from { y } else { x }))
}

/// One number starting at word `i`: its last word, value, and the scale it names (1 if
/// none), so that a range's lower end can borrow it.
fn number(doc: &Doc, i: usize) -> Option<(usize, f64, f64)> {
    if i >= doc.len() {
        return None;
    }
    match doc.kind(i) {
        Kind::Numeral => {
            let (i, v, own) = match space_grouped(doc, i) {
                Some((last, v)) => (last, v, 1.0),
                None => {
                    let (v, own) = numeral(doc.raw(i))?;
                    (i, v, own)
                }
            };
            match scale_after(doc, i) {
                Some(s) if s >= 100.0 && own == 1.0 => Some((i + 1, v * s, s)),
                _ => Some((i, v * own, own)),
            }
        }
        // "lakhs of people", "crores of rupees": a plural scale word alone, at its lower bound
        Kind::Scale(s) if (doc.is(i, "lakhs") || doc.is(i, "crores")) && doc.next_to(i, i + 1) => {
            (doc.kind(i + 1) == Kind::Of).then_some((i, s, 1.0))
        }
        Kind::Vague(v) => {
            if doc.next_to(i, i + 1) && doc.kind(i + 1) == Kind::Of && doc.next_to(i + 1, i + 2) {
                if let Kind::Vague(w) | Kind::Scale(w) = doc.kind(i + 2) {
                    if w >= 1_000.0 {
                        return Some((i + 2, v * w, 1.0)); // "tens of thousands"
                    }
                }
            }
            // a bare "tens" is not a figure
            (!doc.is(i, "tens")).then_some((i, v, 1.0))
        }
        Kind::Article if doc.next_to(i, i + 1) => match doc.kind(i + 1) {
            Kind::Scale(_) => words(doc, i + 1), // "a hundred", "a dozen"
            Kind::Few(_) => few(doc, i + 1),     // "a few", "a handful"
            _ => None,
        },
        Kind::Few(_) => few(doc, i),
        Kind::Half if doc.next_to(i, i + 1) && doc.kind(i + 1) == Kind::Article => {
            match scale_after(doc, i + 1) {
                Some(s) if s >= 1_000.0 => Some((i + 2, s / 2.0, s)), // "half a million"
                _ => None,
            }
        }
        Kind::Number(_) => words(doc, i),
        _ => None,
    }
}

/// A figure grouped with spaces from word `i`, as much of the world's press writes them:
/// "140 000", "1 200 000" (spaces, or the no-break spaces of typeset copy). Every group after
/// the first has three digits. Its last word and value; `None` if word `i` starts no such
/// figure.
fn space_grouped(doc: &Doc, i: usize) -> Option<(usize, f64)> {
    let digits = |w: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    };
    let first = doc.raw(i);
    if !digits(first, 1..=3) {
        return None;
    }
    let mut value: f64 = first.parse().ok()?;
    let mut last = i;
    while last + 1 < doc.len()
        && doc.adjacent(last, last + 1)
        && matches!(doc.between(last, last + 1), b" " | b"\xc2\xa0" | b"\xe2\x80\xaf")
        && digits(doc.raw(last + 1), 3..=3)
    {
        last += 1;
        value = value * 1000.0 + doc.raw(last).parse::<f64>().ok()?;
    }
    (last > i).then_some((last, value))
}

/// The scale word right after word `i`, if any.
fn scale_after(doc: &Doc, i: usize) -> Option<f64> {
    match doc.kind(i + 1) {
        Kind::Scale(s) if doc.next_to(i, i + 1) => Some(s),
        _ => None,
    }
}

/// `several`, `a few`, `a handful`, optionally times one or two scales: "several hundred",
/// "a few hundred thousand".
fn few(doc: &Doc, i: usize) -> Option<(usize, f64, f64)> {
    let Kind::Few(v) = doc.kind(i) else {
        return None;
    };
    let (mut last, mut value, mut scale) = (i, v, 1.0);
    while let Some(s) = scale_after(doc, last) {
        // "several hundred thousand", not "a few million million"
        if s <= scale {
            break;
        }
        (last, value, scale) = (last + 1, value * s, s);
    }
    Some((last, value, scale))
}

/// Number words: "forty-two", "two dozen", "two hundred and fifty", "three hundred
/// thousand", starting with a number word or (after `a`) a scale word.
fn words(doc: &Doc, i: usize) -> Option<(usize, f64, f64)> {
    let (mut current, mut total, mut scale) = (0.0, 0.0, 1.0);
    let mut add_scale = |s: f64, current: &mut f64, total: &mut f64| {
        *current = current.max(1.0) * s;
        scale = s;
        if s >= 1_000.0 {
            *total += *current;
            *current = 0.0;
        }
    };
    match doc.kind(i) {
        Kind::Number(v) => current = v,
        Kind::Scale(s) => add_scale(s, &mut current, &mut total),
        _ => return None,
    }
    let mut last = i;
    while doc.next_to(last, last + 1) {
        let j = last + 1;
        match doc.kind(j) {
            Kind::Scale(s) => add_scale(s, &mut current, &mut total),
            Kind::Number(u) if absorbs(current, total, u) => current += u,
            // "two hundred and fifty": the "and" joins
            Kind::And if current > 0.0 && current % 100.0 == 0.0 && doc.next_to(j, j + 1) => {
                match doc.kind(j + 1) {
                    Kind::Number(u) if u < 100.0 => {
                        current += u;
                        last = j + 1;
                        continue;
                    }
                    _ => break,
                }
            }
            _ => break,
        }
        last = j;
    }
    Some((last, total + current, scale))
}

/// Whether number word `u` adds to the figure read so far ("twenty five", "hundred five").
fn absorbs(current: f64, total: f64, u: f64) -> bool {
    (current > 0.0 && current % 100.0 == 0.0)
        || (current == 0.0 && total > 0.0)
        || ((20.0..100.0).contains(&current) && current % 10.0 == 0.0 && u < 10.0)
}

/// The qualifiers before word `start`: where the figure begins, and whether it is an upper
/// bound.
fn qualifiers(doc: &Doc, start: usize) -> (usize, bool) {
    let mut first = start;
    let mut upper = false;
    while first > 0 && doc.next_to(first - 1, first) {
        let p = first - 1;
        let take = match doc.kind(p) {
            Kind::Qual | Kind::Total | Kind::Between => true,
            // "up" and "close" only before "to"
            Kind::QualUpper => {
                let needs_to = doc.is(p, "up") || doc.is(p, "close");
                upper = !needs_to || doc.kind(first) == Kind::To;
                upper
            }
            Kind::At => doc.is(first, "least"),
            Kind::To => p > 0 && doc.next_to(p - 1, p) && (doc.is(p - 1, "up") || doc.is(p - 1, "close")),
            Kind::Of => {
                p > 0 && doc.next_to(p - 1, p) && (doc.is(p - 1, "upwards") || doc.kind(p - 1) == Kind::Total)
            }
            Kind::Article => matches!(doc.kind(first), Kind::Qual | Kind::Total),
            _ => false,
        };
        if !take {
            break;
        }
        first = p;
    }
    (first, upper)
}

/// Whether the figure from word `first` (qualifiers) over `start` to `last` is not a count
/// of people.
fn excluded(doc: &Doc, first: usize, start: usize, last: usize) -> bool {
    let text = doc.text;
    let end = doc.words[last].end as usize;
    let after = &text[end..];
    // "40%", "14:30", "16/01"
    let mut chars = after.chars();
    match (chars.next(), chars.next()) {
        (Some('%'), _) => return true,
        (Some(':' | '/'), Some(d)) if d.is_ascii_digit() => return true,
        _ => {}
    }
    let next_word = (doc.adjacent(last, last + 1)
        && boundary_in(doc.between(last, last + 1)) == Boundary::None)
        .then(|| doc.kind(last + 1));
    match next_word {
        Some(Kind::Excl(_) | Kind::Month) => return true,
        Some(Kind::May) if capitalized(doc.raw(last + 1)) => return true,
        _ => {}
    }
    let counted = matches!(next_word, Some(Kind::Unit | Kind::Head(..)));
    let before = &text[..doc.words[start].start as usize];
    if before.ends_with(['$', '€', '£', '¥', '₹']) {
        return true;
    }
    let mut back = before.chars().rev();
    match (back.next(), back.next()) {
        // "14:30", "16/01": the second number
        (Some(':' | '/'), Some(d)) if d.is_ascii_digit() => return true,
        // "F-16", "COVID-19", "Su-25"
        (Some('-'), Some(c)) if c.is_alphabetic() => return true,
        _ => {}
    }
    let prev_kind = (first > 0 && doc.next_to(first - 1, first)).then(|| doc.kind(first - 1));
    match prev_kind {
        Some(Kind::Aged | Kind::Month | Kind::Excl(_)) => return true,
        Some(Kind::May) if capitalized(doc.raw(first - 1)) => return true,
        _ => {}
    }
    if first == start && start == last && is_year(doc.raw(start)) {
        // a year, unless people follow it and no preposition comes before: "2000 people fled"
        let prep = matches!(
            prev_kind,
            Some(
                Kind::In
                    | Kind::Since
                    | Kind::During
                    | Kind::Of
                    | Kind::Prep
                    | Kind::Onto
                    | Kind::From
                    | Kind::To
                    | Kind::Between
            )
        );
        if !counted || prep {
            return true;
        }
    }
    // a previous word the lexicon does not know, only spaces between
    let unknown_before = prev_kind.is_none() && (first == 0 || !doc.adjacent(first - 1, first));
    if let Some((word, rest)) = previous_token(&text[..doc.words[first].start as usize]) {
        if unknown_before && word.eq_ignore_ascii_case("no") {
            return true; // "no one was hurt"
        }
        // "Route 7", "Front 33", "Resolution 2334": a capitalized word inside a sentence
        if unknown_before && capitalized(word) && !sentence_start(rest) && !counted {
            return true;
        }
    }
    false
}

/// `1900` to `2100` written as four digits.
pub(super) fn is_year(raw: &str) -> bool {
    raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()) && matches!(raw.parse::<u32>(), Ok(1900..=2100))
}

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The token just before the end of `before` if only spaces separate them, and the text
/// before that token.
fn previous_token(before: &str) -> Option<(&str, &str)> {
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '\'' || c == '\u{2019}')
        .last()
        .map(|(i, _)| i)?;
    Some((&trimmed[start..], &trimmed[..start]))
}

/// Whether a token after `before` starts a sentence.
fn sentence_start(before: &str) -> bool {
    match before.trim_end().chars().next_back() {
        None => true,
        Some(c) => matches!(
            c,
            '.' | '!' | '?' | ';' | ':' | '"' | '(' | '\n' | '\u{2014}' | '-'
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::Words;
    use super::*;

    /// The values of the counts found in `text`.
    fn values(text: &str) -> Vec<f64> {
        let mut words = Words::default();
        words.read(text);
        let doc = Doc::new(text, &words);
        let mut out = Vec::new();
        find(&doc, &mut out);
        out.iter().map(|q| q.value).collect()
    }

    #[test]
    fn numerals_and_scales() {
        assert_eq!(values("256,000 people"), [256_000.0]);
        assert_eq!(values("1.2 million people"), [1_200_000.0]);
        assert_eq!(values("1.2m people and 3bn"), [1_200_000.0, 3e9]);
        assert_eq!(values("2.3 mln people"), [2_300_000.0]);
    }

    #[test]
    fn number_words_and_vague_quantities() {
        assert_eq!(values("forty-two people"), [42.0]);
        assert_eq!(values("two dozen villagers"), [24.0]);
        assert_eq!(values("two hundred and fifty civilians"), [250.0]);
        assert_eq!(values("a hundred families"), [100.0]);
        assert_eq!(values("half a million people"), [500_000.0]);
        assert_eq!(values("tens of thousands of people"), [10_000.0]);
        assert_eq!(values("hundreds of thousands"), [100_000.0]);
        assert_eq!(values("dozens of people; scores more"), [12.0, 20.0]);
        assert_eq!(
            values("several hundred thousand people and a few hundred thousand more"),
            [300_000.0, 200_000.0]
        );
        assert_eq!(
            values("several hundred, a few thousand, a handful"),
            [300.0, 2_000.0, 3.0]
        );
        assert!(values("tens of people and a car").is_empty());
    }

    #[test]
    fn qualifiers_and_ranges() {
        assert_eq!(values("at least 45"), [45.0]);
        assert_eq!(values("nearly 100 people"), [99.0]);
        assert_eq!(values("up to 100,000 people"), [99_999.0]);
        assert_eq!(values("between 40 and 60 people"), [40.0]);
        assert_eq!(values("120-150 fighters"), [120.0]);
        assert_eq!(values("1.2 to 1.5 million people"), [1_200_000.0]);
        assert_eq!(values("rose from 40 to 87"), [87.0]);
        assert_eq!(values("won 3-1"), [3.0, 1.0]);
    }

    #[test]
    fn things_that_are_not_counts() {
        for text in [
            "in 2015 the army",
            "a 14-year-old boy",
            "aged 30",
            "$3bn in aid",
            "USD 5 million",
            "40 per cent",
            "40%",
            "30 km south",
            "40 tonnes of food",
            "two days later",
            "at 3 am",
            "at 14:30",
            "on 16 January",
            "the 33rd Brigade near Route 7",
            "M23 rebels",
            "the F-16 jets and COVID-19",
            "No one was hurt",
            "the 2,000-strong force",
        ] {
            assert!(values(text).is_empty(), "{text}: {:?}", values(text));
        }
        assert_eq!(values("2000 people fled"), [2_000.0]);
        assert_eq!(values("near Route 7 and 45 people"), [45.0]);
        assert_eq!(values("Some 800,000 Rohingya"), [800_000.0]);
        assert_eq!(values("Syria Says 45 Killed"), [45.0]);
    }
}
