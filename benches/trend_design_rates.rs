//! Prints the design rates of sitrep-trend's rules for weekly periods, as the table in the
//! README's "Monitor" section: `cargo bench --bench trend_design_rates`.
//!
//! A design rate is the share of a place's weeks that alert when nothing changes (its
//! articles come at steady Poisson rates). A and B and D's onset are exact sums; C is one
//! false alarm per in-control average run length of its design; D's one-year high has no
//! closed form (tests/trend_rules.rs measures it against a plain day-by-day count).

use sitrep::trend::rules::{change, cusum, level3, poisson};
use sitrep::trend::TrendParams;

fn main() {
    let p = TrendParams::default();
    println!(
        "| level-2+ articles a week | A-surge | B alert (p < {}) | B warning (p < {}) | C up | C down |",
        p.alert_p, p.warning_p
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for lambda in [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0] {
        let up = cusum::design(lambda, p.cusum_shift, p.cusum_arl, true);
        let down = (lambda >= cusum::MIN_DOWN_RATE)
            .then(|| cusum::design(lambda, p.cusum_shift, p.cusum_arl, false));
        println!(
            "| {lambda} | {:.4} | {:.4} | {:.4} | {:.4} | {} |",
            change::design_rate(lambda, 4),
            poisson::design_rate(lambda / 7.0, 7, p.alert_p),
            poisson::design_rate(lambda / 7.0, 7, p.warning_p),
            1.0 / up.arl,
            down.map_or("-".to_string(), |d| format!("{:.4}", 1.0 / d.arl)),
        );
    }
    println!();
    println!("| level-3 articles a week | D-onset |");
    println!("|---:|---:|");
    for lambda in [0.05, 0.1, 0.2, 0.5, 1.0] {
        println!(
            "| {lambda} | {:.4} |",
            level3::onset_design_rate(lambda / 7.0, 7, p.onset_quiet_days)
        );
    }
}
