//! Properties of `sitrep-trend`'s pipeline for any feed, checked with proptest: rows in any
//! order give the same trends, every counted row lands in exactly one period, the alerts
//! point at articles of their own place, and no renderer panics.

use std::collections::HashMap;
use std::path::Path;

use proptest::prelude::*;
use sitrep::trend::dates::{days_from_civil, format_date};
use sitrep::trend::input::read_classified;
use sitrep::trend::output::{html, json, table};
use sitrep::trend::{analyze, BaselineKind, InputOptions, PeriodKind, TrendParams};

/// One classified article: day offset from 2024-01-01, place, level (None: `uncertain`).
type Row = (i32, usize, Option<u8>);

/// Place names with what makes columns and keys stumble: a comma, quotes, wide and combining
/// characters, a slash as `--by country,admin1` joins them.
const PLACES: [&str; 6] = [
    "Corran",
    "Low, fen",
    "\"Eastvale\"",
    "キーウ州",
    "A\u{30a}land",
    "Sudan / Darfur",
];

/// Feeds of up to 300 articles over up to two years, in bursts (so the rules have something to
/// fire on) and with quiet stretches (gaps), with a date written in one of the accepted forms.
fn feed() -> impl Strategy<Value = Vec<(Row, u8)>> {
    let day = prop_oneof![3 => 0..730i32, 1 => 400..420i32, 1 => 600..604i32];
    let level = prop_oneof![6 => (0..4u8).prop_map(Some), 1 => Just(None)];
    prop::collection::vec(((day, 0..PLACES.len(), level), 0..4u8), 1..300)
}

fn settings() -> impl Strategy<Value = TrendParams> {
    (
        any::<bool>(),
        any::<bool>(),
        0.0..20.0f64,
        1.5..4.0f64,
        20.0..400.0f64,
        1..5u32,
        7..200u32,
    )
        .prop_map(
            |(daily, yearly, shrinkage, cusum_shift, cusum_arl, level3_min, onset_quiet_days)| TrendParams {
                period: if daily { PeriodKind::Day } else { PeriodKind::Week },
                baseline: if yearly {
                    BaselineKind::Year
                } else {
                    BaselineKind::Month
                },
                shrinkage,
                cusum_shift,
                cusum_arl,
                level3_min,
                onset_quiet_days,
                ..TrendParams::default()
            },
        )
}

/// The feed as `sitrep-classify` output: id, date, country, escalation, its probability.
fn csv(rows: &[(Row, u8)]) -> String {
    let mut out = String::from("id,date,country,escalation,escalation_probability\n");
    for (i, &((day, place, level), form)) in rows.iter().enumerate() {
        let date = format_date(days_from_civil(2024, 1, 1) + day);
        let date = match form {
            0 => date,
            1 => date.replace('-', ""),
            2 => format!("{date}T08:30:00Z"),
            _ => format!("{date} 23:59:59"),
        };
        let level = level.map_or("uncertain".to_string(), |l| l.to_string());
        let place = PLACES[place].replace('"', "\"\"");
        // distinct probabilities: among articles of equal level and probability the one
        // earlier in the input is named first, by design, so exact ties would differ by order
        let probability = 0.5 + 0.0007 * i as f64;
        out.push_str(&format!("a{i},{date},\"{place}\",{level},{probability:.4}\n"));
    }
    out
}

fn trends(text: &str, params: &TrendParams) -> sitrep::trend::Trends {
    let (counts, _) = read_classified(Path::new("feed.csv"), text.as_bytes(), InputOptions::default())
        .expect("the feed reads");
    analyze(counts, &params.check().expect("valid settings")).expect("the feed has rows")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_feed_in_any_order_gives_the_same_trends(
        rows in feed(),
        params in settings(),
        order in Just(()).prop_perturb(|_, mut rng| rng.random::<u64>()),
    ) {
        prop_assume!(rows.iter().any(|((_, _, level), _)| level.is_some()));
        let text = csv(&rows);
        let found = trends(&text, &params);

        // every certain row is counted once, in its place; uncertain ones are not (a place
        // seen only in uncertain rows is listed with no articles)
        let mut expected: HashMap<&str, u64> = HashMap::new();
        for ((_, place, level), _) in &rows {
            *expected.entry(PLACES[*place]).or_default() += u64::from(level.is_some());
        }
        for place in &found.series.places {
            let counted: u64 = place.periods.iter().map(|p| u64::from(p.n())).sum();
            prop_assert_eq!(Some(&counted), expected.get(place.name.as_str()), "{}", place.name);
        }
        prop_assert_eq!(found.series.places.len(), expected.len());

        // an alert's articles are rows of its own place
        let place_of: HashMap<String, &str> =
            rows.iter().enumerate().map(|(i, ((_, p, _), _))| (format!("a{i}"), PLACES[*p])).collect();
        for alert in &found.alerts {
            for id in &alert.articles {
                prop_assert_eq!(place_of.get(id.as_str()).copied(), Some(found.place_name(alert.place)));
            }
        }

        // the same rows shuffled: the same JSON, table and page
        let mut shuffled: Vec<usize> = (0..rows.len()).collect();
        let mut state = order | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let header = text.lines().next().unwrap_or_default();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        let again = std::iter::once(header)
            .chain(shuffled.iter().map(|&i| lines[i]))
            .collect::<Vec<_>>()
            .join("\n");
        let other = trends(&again, &params);
        prop_assert_eq!(json::value(&found, false), json::value(&other, false));
        prop_assert_eq!(table::render(&found, false), table::render(&other, false));
        let page = html::render(&found, false).expect("the page renders");
        prop_assert_eq!(page, html::render(&other, false).expect("the page renders"));
    }
}
