//! Counting articles per place and day as they stream by: the only state `sitrep-trend`
//! keeps while reading, so memory grows with places × days covered, never with rows.
//!
//! Each (place, day) cell holds the article count per escalation level and a few example
//! articles: the highest-level ones (the articles an escalation alert names) and the
//! lowest-level ones (named by a de-escalation alert). Examples are ranked as they come, so
//! a cell never holds more than [`HIGH_EXAMPLES`] + [`LOW_EXAMPLES`] ids, and an id is only
//! copied when it makes the cut.

use rustc_hash::FxHashMap;

use super::dates::Day;

/// Escalation levels 0 to 3.
pub const LEVELS: usize = 4;

/// Highest-level articles kept per place and day.
pub const HIGH_EXAMPLES: usize = 3;
/// Lowest-level articles kept per place and day.
pub const LOW_EXAMPLES: usize = 2;

/// An article kept as an example, with what ranks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub id: Box<str>,
    pub level: u8,
    /// The classifier's probability of that level (1 when the input has none).
    pub probability: f32,
    /// Where the row starts, to break ties by input order.
    pub line: u64,
}

/// An article offered as an example, before its id is copied.
pub struct Candidate {
    pub level: u8,
    pub probability: f32,
    pub line: u64,
}

/// Higher level first, then higher probability, then earlier in the input.
pub fn rank_high(a: &Candidate, b: &Example) -> std::cmp::Ordering {
    b.level
        .cmp(&a.level)
        .then(b.probability.total_cmp(&a.probability))
        .then(a.line.cmp(&b.line))
}

/// Lower level first, then higher probability, then earlier in the input.
pub fn rank_low(a: &Candidate, b: &Example) -> std::cmp::Ordering {
    a.level
        .cmp(&b.level)
        .then(b.probability.total_cmp(&a.probability))
        .then(a.line.cmp(&b.line))
}

/// Inserts `c` into `top` (best first, at most `max`) if it makes the cut; `id` is only
/// called then.
/// `rank` orders examples: `Less` means the candidate is the better one.
fn offer(
    top: &mut Vec<Example>,
    max: usize,
    c: &Candidate,
    rank: impl Fn(&Candidate, &Example) -> std::cmp::Ordering,
    id: &mut impl FnMut() -> Box<str>,
) {
    // most rows do not make the cut: check the worst kept example first
    if top.len() == max && top.last().is_some_and(|w| rank(c, w) != std::cmp::Ordering::Less) {
        return;
    }
    let at = top.partition_point(|e| rank(c, e) == std::cmp::Ordering::Greater);
    if at >= max {
        return;
    }
    if top.len() == max {
        top.pop();
    }
    top.insert(
        at,
        Example {
            id: id(),
            level: c.level,
            probability: c.probability,
            line: c.line,
        },
    );
}

/// One place's articles on one day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayCell {
    /// Articles per escalation level.
    pub counts: [u32; LEVELS],
    /// The highest-level articles at level 2 or more, best first.
    pub high: Vec<Example>,
    /// The lowest-level articles at level 1 or less, best first.
    pub low: Vec<Example>,
}

/// One place's days.
#[derive(Debug, Default)]
pub struct PlaceDays {
    /// The place as written (`Sudan`, or `Sudan / Darfur` with two `--by` columns).
    pub name: String,
    pub days: FxHashMap<Day, DayCell>,
}

/// The counts of everything read so far.
#[derive(Debug, Default)]
pub struct Aggregator {
    index: FxHashMap<Box<str>, u32>,
    places: Vec<PlaceDays>,
    rows: u64,
}

impl Aggregator {
    pub fn new() -> Self {
        Aggregator::default()
    }

    /// The number of `name`, adding it on first sight.
    pub fn place(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.places.len() as u32;
        self.index.insert(name.into(), i);
        self.places.push(PlaceDays {
            name: name.to_string(),
            days: FxHashMap::default(),
        });
        i
    }

    /// Counts one article of `place` (from [`Aggregator::place`]) on `day` at `level`
    /// (0 to 3). `id` makes the article's id, and is only called if the article is kept
    /// as an example.
    pub fn add(
        &mut self,
        place: u32,
        day: Day,
        level: u8,
        probability: f32,
        line: u64,
        mut id: impl FnMut() -> Box<str>,
    ) {
        let level = level.min(LEVELS as u8 - 1);
        let Some(p) = self.places.get_mut(place as usize) else {
            return;
        };
        let cell = p.days.entry(day).or_default();
        cell.counts[level as usize] += 1;
        self.rows += 1;
        let c = Candidate {
            level,
            probability,
            line,
        };
        if level >= 2 {
            offer(&mut cell.high, HIGH_EXAMPLES, &c, rank_high, &mut id);
        } else {
            offer(&mut cell.low, LOW_EXAMPLES, &c, rank_low, &mut id);
        }
    }

    /// Articles counted.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn places(&self) -> &[PlaceDays] {
        &self.places
    }

    pub fn into_places(self) -> Vec<PlaceDays> {
        self.places
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_count_levels_and_keep_the_best_examples_only() {
        let mut a = Aggregator::new();
        let sudan = a.place("Sudan");
        assert_eq!(a.place("Chad"), 1);
        assert_eq!(a.place("Sudan"), sudan);
        let mut made = 0;
        let rows = [
            (2, 0.9, 2),
            (3, 0.5, 3),
            (2, 0.95, 4),
            (3, 0.8, 5),
            (2, 0.95, 6),
            (0, 0.7, 7),
            (1, 0.9, 8),
            (0, 0.99, 9),
        ];
        for (level, p, line) in rows {
            a.add(sudan, 10, level, p, line, || {
                made += 1;
                format!("a{line}").into()
            });
        }
        let cell = &a.places()[0].days[&10];
        assert_eq!(cell.counts, [2, 1, 3, 2]);
        let ids = |v: &[Example]| v.iter().map(|e| e.id.to_string()).collect::<Vec<_>>();
        // level 3 first (higher probability first), then the best level 2; ties go to the earlier line
        assert_eq!(ids(&cell.high), ["a5", "a3", "a4"]);
        assert_eq!(ids(&cell.low), ["a9", "a7"]);
        // line 6 ties line 4 but comes later: its id is never copied
        assert_eq!(made, 7);
        assert_eq!(a.rows(), 8);
    }
}
