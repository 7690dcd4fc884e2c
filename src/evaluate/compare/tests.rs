//! Tests of the paired comparisons, with hand-computed expectations.
use super::*;

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() < tol, "{what}: got {a}, expected {b}");
}

#[test]
fn no_resamples_is_refused() {
    let none = EvalOptions::default();
    assert!(matches!(check_resamples(&none), Err(EvalError::NoResamples)));
    let some = EvalOptions {
        resamples: 1,
        ..Default::default()
    };
    assert!(check_resamples(&some).is_ok());
}

#[test]
fn mcnemar_exact_by_hand() {
    // b = 1, c = 5, n = 6: P(X <= 1) = (1 + 6) / 64, p = 14/64 = 0.21875
    let m = mcnemar(1, 5);
    assert_eq!(m.test, "exact binomial");
    close(m.p_value, 14.0 / 64.0, 1e-12, "p");
    // b = 3, c = 3 gives p = 2 * P(X <= 3 | n = 6) = 2 * 42/64 > 1 -> 1
    close(mcnemar(3, 3).p_value, 1.0, 1e-12, "balanced");
    close(mcnemar(0, 0).p_value, 1.0, 1e-12, "no discordant pairs");
    // b = 0, c = 10: 2 / 1024
    close(mcnemar(0, 10).p_value, 2.0 / 1024.0, 1e-12, "one-sided extreme");
    // n = 24 is still exact: b = 6, c = 18; sum C(24, 0..=6) = 190051, p = 2*190051/2^24
    close(
        mcnemar(6, 18).p_value,
        2.0 * 190_051.0 / 16_777_216.0,
        1e-12,
        "n = 24",
    );
}

#[test]
fn mcnemar_chi_square_by_hand() {
    // b = 10, c = 30: (20 - 1)^2 / 40 = 9.025; p = erfc(sqrt(9.025 / 2)) = 0.0026631...
    // (python: math.erfc(math.sqrt(9.025/2)) = 0.002663119..., scipy chi2.sf(9.025, 1) the same)
    let m = mcnemar(10, 30);
    assert_eq!(m.test, "chi-square with continuity correction");
    close(m.statistic.expect("chi2"), 9.025, 1e-12, "statistic");
    close(m.p_value, 0.002_663_119, 1e-6, "p");
    // b = c = 13 (n = 26): statistic (0 - 1)^2 clamps to 0 -> p = 1
    close(mcnemar(13, 13).p_value, 1.0, 1e-9, "equal");
}

#[test]
fn erfc_matches_reference_values() {
    // math.erfc: 0 -> 1, 0.5 -> 0.4795001221869535, 1 -> 0.15729920705028513,
    // 2 -> 0.004677734981047266, -1 -> 1.8427007929497148
    for (x, want) in [
        (0.0, 1.0),
        (0.5, 0.479_500_122_186_953_5),
        (1.0, 0.157_299_207_050_285_13),
        (2.0, 0.004_677_734_981_047_266),
        (-1.0, 1.842_700_792_949_714_8),
    ] {
        let got = erfc(x);
        assert!(
            (got - want).abs() <= 2e-7 * want.max(1e-3),
            "erfc({x}) = {got}, want {want}"
        );
    }
}

#[test]
fn p_values_too_small_for_four_decimals_show_their_bound() {
    // they printed 0.0000: a McNemar p of 2.3e-7 and a bootstrap where no resample crossed 0
    assert_eq!(p_text(2.3e-7, 0.0), "< 0.0001");
    assert_eq!(p_text(0.0, 1000.0), "< 0.0020");
    assert_eq!(p_text(0.0, 3000.0), "< 0.0007");
    assert_eq!(p_text(0.0, 100_000.0), "< 0.0001");
    assert_eq!(p_text(0.004, 1000.0), "0.0040");
    assert_eq!(p_text(0.0500308, 0.0), "0.0500");
    assert_eq!(p_text(1.0, 1000.0), "1.0000");
}
