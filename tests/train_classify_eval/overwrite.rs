//! No output file may be one of the run's inputs: `--out data.csv` and `--predictions
//! data.csv` once replaced the user's labelled data, and exited 0.

use super::*;
use std::path::Path;
use std::process::Output;

/// Asserts that `o` was refused with `expected` and that `file` still holds `before`.
fn assert_refused_and_kept(o: &Output, program: &str, expected: &str, file: &Path, before: &[u8]) {
    assert_clean_error(o, program, expected);
    assert_eq!(
        std::fs::read(file).expect("still there"),
        before,
        "{} was changed",
        file.display()
    );
}

/// Runs `program` in the scratch folder with the words of `args` as its arguments.
fn run_words(program: &str, s: &Scratch, args: &str) -> Output {
    run(
        program,
        &s.dir,
        &args.split_whitespace().collect::<Vec<_>>(),
        None,
    )
}

#[test]
fn training_refuses_to_write_the_model_over_its_data_or_background() {
    let s = Scratch::new("overwrite-train");
    let data = s.write("train.csv", tiny_corpus());
    let before = std::fs::read(&data).expect("read");
    let train = "--data train.csv --text-column text --target topic --min-df 1 --holdout 0 -q";
    // another spelling of the same file
    let o = run_words("sitrep-train", &s, &format!("{train} --out ./train.csv"));
    let expected = "--out ./train.csv is the file --data train.csv reads";
    assert_refused_and_kept(&o, "sitrep-train", expected, &data, &before);

    let background = s.write("background.csv", "text\nthe match ended in a draw\n");
    let kept = std::fs::read(&background).expect("read");
    let args = format!("{train} --background background.csv --out background.csv");
    let o = run_words("sitrep-train", &s, &args);
    let expected = "is the file --background background.csv reads";
    assert_refused_and_kept(&o, "sitrep-train", expected, &background, &kept);

    // the stop-word file was replaced by the model, and the run exited 0
    let words = s.write(
        "stop.txt", "update
",
    );
    let kept = std::fs::read(&words).expect("read");
    let o = run_words(
        "sitrep-train",
        &s,
        &format!("{train} --stop-words stop.txt --out stop.txt"),
    );
    let expected = "--out stop.txt is the file --stop-words stop.txt reads";
    assert_refused_and_kept(&o, "sitrep-train", expected, &words, &kept);
    let cv = "--data train.csv --target topic --folds 3 --min-df 1 --resamples 0";
    let o = run_words(
        "sitrep-eval",
        &s,
        &format!("{cv} --stop-words stop.txt --predictions stop.txt"),
    );
    let expected = "--predictions stop.txt is the file --stop-words stop.txt reads";
    assert_refused_and_kept(&o, "sitrep-eval", expected, &words, &kept);
}

#[test]
fn evaluation_refuses_to_write_predictions_or_plots_over_its_inputs() {
    let s = Scratch::new("overwrite-eval");
    let model = train_tiny(&s);
    let data = s.write("data.csv", tiny_corpus());
    let before = std::fs::read(&data).expect("read");
    let cv = "--data data.csv --target topic:nominal --folds 3 --min-df 1 --resamples 0";
    let o = run_words("sitrep-eval", &s, &format!("{cv} --predictions data.csv"));
    let expected = "--predictions data.csv is the file --data data.csv reads";
    assert_refused_and_kept(&o, "sitrep-eval", expected, &data, &before);

    // a plot's file name given as the data file
    let plotted = s.write("topic-confusion.svg", tiny_corpus());
    let model = model.file_name().unwrap().to_str().unwrap();
    let args = format!("--model {model} --data topic-confusion.svg --target topic --plots .");
    let o = run_words("sitrep-eval", &s, &args);
    let expected = "--plots ./topic-confusion.svg is the file --data";
    assert_refused_and_kept(&o, "sitrep-eval", expected, &plotted, &before);
}
