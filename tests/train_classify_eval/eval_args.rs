//! How sitrep-eval reads its arguments: options that would do nothing in the mode given
//! (one model, two models, or cross-validation with --folds) are refused, saying why.

use super::*;

/// Cross-validates the tiny corpus's escalation with `extra` flags.
fn cross_validate(s: &Scratch, extra: &[&str]) -> std::process::Output {
    let data = s.write("train.csv", tiny_corpus());
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "--target",
        "escalation:ordinal",
        "--folds",
        "3",
        "--min-df",
        "1",
        "--resamples",
        "0",
    ];
    args.extend_from_slice(extra);
    run("sitrep-eval", &s.dir, &args, None)
}

/// The learning options of some models only were accepted with an --algorithm that
/// ignores them, and every fold trained as without them; they are refused as in
/// sitrep-train, and still cross-validate the models that take them.
#[test]
fn cross_validation_refuses_learning_options_its_algorithm_ignores() {
    let s = Scratch::new("foldlearn");
    assert_clean_error(
        &cross_validate(&s, &["--alpha", "0.5"]),
        "sitrep-eval",
        "--alpha smooths the word counts of naive Bayes, so it works with the cnb, nb and ensemble models only, and `svm` would ignore it; leave it out or choose cnb, nb or ensemble",
    );
    let cnb = assert_ok(&cross_validate(&s, &["--alpha", "0.5", "--algorithm", "cnb"]));
    assert!(cnb.contains("complement-nb alpha=0.5"), "{cnb}");
    assert_clean_error(
        &cross_validate(&s, &["--c", "0.5", "--algorithm", "nb"]),
        "sitrep-eval",
        "--c is the inverse regularization of the svm, logistic and ensemble models (and of the scope gate of sitrep-train --background), and `nb` would ignore it; leave it out or choose svm, logistic or ensemble",
    );
    assert_clean_error(
        &cross_validate(&s, &["--selection-folds", "4"]),
        "sitrep-eval",
        "--selection-folds sets the folds on which the auto model choice compares its candidates, and `svm` is no choice to make",
    );
    assert_clean_error(
        &cross_validate(&s, &["--no-calibration"]),
        "sitrep-eval",
        "--no-calibration leaves the probabilities of logistic regression and naive Bayes uncalibrated, and the svm model is always Platt-calibrated",
    );
    assert_clean_error(
        &cross_validate(&s, &["--hashing-bits", "12", "--max-features", "100"]),
        "sitrep-eval",
        "--max-features keeps the N most frequent terms of a vocabulary, and --hashing-bits keeps no vocabulary (each term is hashed into one of 2^BITS columns), so --max-features would change nothing; give one of the two",
    );
}

/// `--algorithm auto --selection-folds 1` compared the candidates on 2 folds without a
/// word, where sitrep-train refuses fewer than 2.
#[test]
fn cross_validation_refuses_fewer_than_two_selection_folds() {
    let s = Scratch::new("foldselect");
    for k in ["0", "1"] {
        assert_error_is(
            &cross_validate(&s, &["--algorithm", "auto", "--selection-folds", k]),
            "sitrep-eval",
            &format!("--selection-folds must be at least 2 (the auto model choice compares candidates on K folds), got {k}"),
        );
    }
}

/// Training options given to score a model file (no --folds) were accepted and did
/// nothing: the model is scored as it was trained. They are refused, naming each.
#[test]
fn scoring_a_model_file_refuses_training_options() {
    let s = Scratch::new("scoretrainflags");
    let model = train_tiny(&s);
    let data = s.path("train.csv");
    let (m, d) = (model.to_str().unwrap(), data.to_str().unwrap());
    let score = |extra: &[&str]| {
        let mut args = vec!["--model", m, "--data", d];
        args.extend_from_slice(extra);
        run("sitrep-eval", &s.dir, &args, None)
    };
    assert_error_is(
        &score(&["--c", "0.3"]),
        "sitrep-eval",
        "--c sets how --folds trains a model on each fold, and a model file is scored as it was trained, so it would change nothing; add --folds K to cross-validate with it, or leave it out",
    );
    assert_error_is(
        &score(&["--ngrams", "1-3", "--algorithm", "cnb", "--snippets", "--model", m]),
        "sitrep-eval",
        "--algorithm, --snippets and --ngrams set how --folds trains a model on each fold, and a model file is scored as it was trained, so they would change nothing; add --folds K to cross-validate with them, or leave them out",
    );
    // a value equal to the default is still given, and still does nothing
    assert_clean_error(
        &score(&["--min-df", "2"]),
        "sitrep-eval",
        "--min-df sets how --folds trains",
    );
    // --seed seeds the bootstrap intervals, and with none it did nothing
    assert_ok(&score(&["--seed", "7", "--resamples", "10"]));
    assert_error_is(
        &score(&["--seed", "7", "--resamples", "0"]),
        "sitrep-eval",
        "--seed seeds the bootstrap intervals, and --resamples 0 asks for none, so it would change nothing; leave --seed out, or give --resamples N for intervals",
    );
}

/// A target's kind (`escalation:ordinal`) is for training; scoring a model file dropped it
/// without a word, even where the model's head is of another kind or order.
#[test]
fn scoring_a_model_file_refuses_a_target_kind() {
    let s = Scratch::new("scoretargetkind");
    let model = train_tiny(&s);
    let data = s.path("train.csv");
    let args = |target: &'static str| {
        vec![
            "--model".to_string(),
            model.display().to_string(),
            "--data".into(),
            data.display().to_string(),
            "--target".into(),
            target.into(),
            "--resamples".into(),
            "0".into(),
        ]
    };
    let score = |target: &'static str| {
        let a = args(target);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        run("sitrep-eval", &s.dir, &a, None)
    };
    assert_error_is(
        &score("escalation:ordinal=3,2,1,0"),
        "sitrep-eval",
        "--target `escalation:ordinal=3,2,1,0` gives a kind for training, and a model file knows the kind of each of its targets, so it would change nothing; name the target alone (--target escalation), or add --folds K to cross-validate",
    );
    assert_clean_error(
        &score("topic:nominal"),
        "sitrep-eval",
        "name the target alone (--target topic)",
    );
    assert!(assert_ok(&score("escalation")).contains("== escalation (ordinal"));
}

/// `--resamples 0` with two models ran the paired bootstrap on one resample (its p-values
/// and intervals meaningless) instead of the none the option asks for.
#[test]
fn comparing_two_models_refuses_no_resamples() {
    let s = Scratch::new("compare0");
    let model = train_tiny(&s);
    let (m, d) = (model.to_str().unwrap(), s.path("train.csv"));
    let args = [
        "--model",
        m,
        "--model",
        m,
        "--data",
        d.to_str().unwrap(),
        "--resamples",
        "0",
    ];
    assert_error_is(
        &run("sitrep-eval", &s.dir, &args, None),
        "sitrep-eval",
        "comparing two models tests macro-F1 (and MAE and QWK of ordinal targets) with a paired bootstrap, which needs resamples, and --resamples 0 asks for none; give --resamples N (1000 when left out)",
    );
}

/// Comparing two models with `--by` alone said "--plots, --errors and --by report on one
/// model", naming options that were not given; the error names those that were.
#[test]
fn comparing_two_models_names_the_one_model_options_given() {
    let s = Scratch::new("compare-one-model-options");
    let model = train_tiny(&s);
    let (m, d) = (model.to_str().unwrap(), s.path("train.csv"));
    let compare = |extra: &[&str]| {
        let args = [
            &["--model", m, "--model", m, "--data", d.to_str().unwrap()],
            extra,
        ]
        .concat();
        run("sitrep-eval", &s.dir, &args, None)
    };
    assert_error_is(
        &compare(&["--by", "topic"]),
        "sitrep-eval",
        "--by reports on one model; score each model on its own for it",
    );
    assert_error_is(
        &compare(&["--errors", "2", "--by", "topic"]),
        "sitrep-eval",
        "--errors and --by report on one model; score each model on its own for them",
    );
}

/// `--folds 3 --group COLUMN` on a column with two values left one fold without rows and
/// stopped with "cannot compute metrics: no samples to evaluate"; it now says why and what
/// to do, and as many folds as groups still cross-validates.
#[test]
fn grouped_cross_validation_needs_a_group_per_fold() {
    let s = Scratch::new("foldgroups");
    let mut lines = tiny_corpus().lines().map(str::to_string).collect::<Vec<_>>();
    for (i, line) in lines.iter_mut().enumerate() {
        line.push_str(match i {
            0 => ",story",
            _ if i % 2 == 0 => ",a",
            _ => ",b",
        });
    }
    let data = s.write("grouped.csv", &(lines.join("\n") + "\n"));
    let eval = |folds: &str| {
        let args = [
            "--data",
            data.to_str().unwrap(),
            "--target",
            "escalation:ordinal",
            "--folds",
            folds,
            "--group",
            "story",
            "--min-df",
            "1",
            "--resamples",
            "0",
        ];
        run("sitrep-eval", &s.dir, &args, None)
    };
    assert_error_is(
        &eval("3"),
        "sitrep-eval",
        "grouped cross-validation with 3 folds needs at least 3 groups, but the group column has 2 distinct values; use --folds 2 or fewer, or a column with more groups",
    );
    let two = assert_ok(&eval("2"));
    assert!(two.contains("2-fold cross-validation"), "{two}");
}

/// What --help says agrees with what the tools do: sitrep-eval refuses --format html with
/// --folds or two models, and sitrep-train -q still prints warnings. Neither help said so
/// (-q read "Print nothing but errors").
#[test]
fn help_says_what_html_and_quiet_do() {
    let s = Scratch::new("help-text");
    let eval_help = assert_ok(&run("sitrep-eval", &s.dir, &["--help"], None)).replace('\n', " ");
    let eval_help = eval_help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        eval_help.contains("for one model: not with --folds or two --model options"),
        "{eval_help}"
    );
    let train_help = assert_ok(&run("sitrep-train", &s.dir, &["--help"], None));
    let train_help = train_help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        train_help.contains("Print nothing but warnings and errors"),
        "{train_help}"
    );
    // and -q does print a warning: here, of invalid UTF-8 replaced (--lossy)
    let csv = b"text,topic\nrebels shelled the town,a\ntroops attacked the vill\xffage,a\ntalks resumed in the capital,b\nleaders signed a truce,b\n";
    s.write("d.csv", csv);
    let args = "--data d.csv --target topic --min-df 1 --holdout 0 --out m.sitrep -q --lossy";
    let o = run(
        "sitrep-train",
        &s.dir,
        &args.split_whitespace().collect::<Vec<_>>(),
        None,
    );
    assert_eq!(assert_ok(&o), "", "quiet");
    assert!(stderr(&o).contains("sitrep-train: warning: "), "{}", stderr(&o));
}
