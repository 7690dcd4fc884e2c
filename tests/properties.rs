//! Properties that must hold for any input (issue 6), checked with proptest.

use std::path::Path;

use proptest::prelude::*;
use sitrep::classify::{classify_csv, CsvColumns, CsvOptions};
use sitrep::features::tokenizer::tokenize;
use sitrep::features::{Columns, FeatureConfig, Language, TfIdf, Vectorizer};
use sitrep::model::file as model_file;
use sitrep::model::{Head, Model, Provenance, TargetKind};
use sitrep::models::{LinearClassifier, Link, Member};
use sitrep::sparse::CsrMatrix;

fn default_model() -> Model {
    let bytes = sitrep::model::default::DEFAULT_MODEL.expect("this build has a default model");
    model_file::decode(Path::new("default"), bytes).expect("the default model loads")
}

/// A row as comparable values (bit patterns, so NaN would not hide a difference).
fn row_bits(m: &CsrMatrix, i: usize) -> (Vec<u32>, Vec<u64>) {
    let row = m.row(i);
    (
        row.indices.to_vec(),
        row.values.iter().map(|v| v.to_bits()).collect(),
    )
}

/// Text with the characters that make tokenizers stumble: combining marks, apostrophes,
/// digits with separators, scripts without spaces, controls and lone surrogates' neighbours.
fn texty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 .,'’\\-]{0,60}",
        "(\\PC|[\u{300}-\u{36f}\u{2019}'0-9,.]){0,80}",
        "[\u{0}-\u{1f}\u{7f}\u{feff}\u{200b} ]{0,20}",
    ]
}

proptest! {
    #[test]
    fn tokenization_never_panics_and_yields_no_empty_tokens(text in texty(), flags in any::<u8>()) {
        let mut tokens = Vec::new();
        tokenize(&text, &mut tokens);
        prop_assert!(tokens.iter().all(|t| !t.is_empty()));
        let config = FeatureConfig {
            language: Language::ALL[usize::from(flags >> 3) % Language::ALL.len()],
            stem: flags & 1 != 0,
            fold_accents: flags & 2 != 0,
            number_buckets: flags & 4 != 0,
            ..FeatureConfig::default()
        };
        let mut analyzer = config.analyzer();
        let mut out = Vec::new();
        analyzer.analyze(&text, &mut out);
        prop_assert!(out.iter().all(|t| !t.is_empty()));
    }

    /// The analyzer's memo of words must change nothing: same tokens as the filter chain
    /// run over the whole text, whether the memo is cold or warm.
    #[test]
    fn the_word_memo_agrees_with_the_plain_chain(
        text in prop_oneof![texty(), figures()],
        flags in any::<u8>(),
    ) {
        let config = FeatureConfig {
            stem: flags & 1 != 0,
            fold_accents: flags & 2 != 0,
            number_buckets: flags & 4 != 0,
            stop_words: flags & 8 != 0,
            ..FeatureConfig::default()
        };
        let mut analyzer = config.analyzer();
        let (mut memo, mut chain) = (Vec::new(), Vec::new());
        for _ in 0..2 {
            analyzer.analyze(&text, &mut memo);
            analyzer.analyze_with_chain(&text, &mut chain);
            prop_assert_eq!(&memo, &chain);
        }
    }
}

/// Sentences dense in figures, whole phrases and loose words that can join them.
fn figures() -> impl Strategy<Value = String> {
    const PARTS: [&str; 30] = [
        "tens of thousands",
        "hundreds of thousands",
        "two hundred and fifty",
        "a dozen",
        "a million",
        "1.2 million",
        "Twenty five",
        "thousand five",
        "of the",
        "in 2021",
        "dozens of millions",
        "3,000",
        "a",
        "A",
        "of",
        "and",
        "the",
        "two",
        "hundred",
        "thousand",
        "million",
        "tens",
        "dozens",
        "killed",
        "fled",
        "m",
        "bn",
        "Of",
        "a,",
        "12.",
    ];
    prop::collection::vec(prop::sample::select(&PARTS[..]), 0..16).prop_map(|w| w.join(" "))
}

/// Fragments of casualty and displacement reporting, joined at random: figures, heads,
/// qualifiers, background and cue words, and the punctuation that bounds clauses.
fn reports() -> impl Strategy<Value = String> {
    const PARTS: [&str; 40] = [
        "killed",
        "killing",
        "more than",
        "at least",
        "nearly",
        "300",
        "1.2m",
        "120-150",
        "between 40 and",
        "people",
        "civilians",
        "were",
        "dead",
        "wounded",
        "displaced",
        "fled in their",
        "thousands",
        "sought refuge",
        "the death toll rose to",
        "of the",
        ",",
        ".",
        " - ",
        "(",
        "since",
        "2011",
        "the war has",
        "last week's",
        "hosts",
        "refugees",
        "chlorine",
        "offensive on the",
        "city",
        "troops crossed the border",
        "including",
        "aged",
        "$",
        "a 14-year-old",
        "and",
        "Route 7",
    ];
    prop::collection::vec(prop::sample::select(&PARTS[..]), 0..24).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The analyzer reads magnitudes from the words its memo collected; that must give what
    /// the extractor reads from the text itself, with a cold memo and a warm one, and never
    /// panic.
    #[test]
    fn magnitudes_from_the_memo_match_the_extractor(text in prop_oneof![texty(), reports()]) {
        let mut analyzer = FeatureConfig::default().analyzer();
        let direct: Vec<&str> = sitrep::features::magnitude::extract(&text).tokens().collect();
        for _ in 0..2 {
            prop_assert_eq!(&analyzer.magnitude_tokens(&text), &direct);
        }
    }

    #[test]
    fn vectorizing_is_deterministic_and_independent_of_batches(
        texts in prop::collection::vec(texty(), 0..40),
        cut in any::<prop::sample::Index>(),
    ) {
        let model = default_model();
        let v = &model.vectorizer;
        let all = v.transform(&texts);
        let again = v.transform(&texts);
        let k = if texts.is_empty() { 0 } else { cut.index(texts.len() + 1) };
        let first = v.transform(&texts[..k]);
        let second = v.transform(&texts[k..]);
        prop_assert_eq!(all.nrows(), texts.len());
        for i in 0..texts.len() {
            prop_assert_eq!(row_bits(&all, i), row_bits(&again, i));
            let part = if i < k { row_bits(&first, i) } else { row_bits(&second, i - k) };
            prop_assert_eq!(row_bits(&all, i), part);
            // and one text alone, with a fresh analyzer
            let single = v.transform(&texts[i..=i]);
            prop_assert_eq!(row_bits(&all, i), row_bits(&single, 0));
        }
    }

    #[test]
    fn classify_output_rows_match_input_rows_one_to_one(
        rows in prop::collection::vec((any::<u32>(), texty(), texty()), 0..30),
    ) {
        let model = default_model();
        let mut input = csv::Writer::from_writer(Vec::new());
        input.write_record(["id", "title", "text"]).expect("header");
        for (id, title, text) in &rows {
            input.write_record([id.to_string().as_str(), title, text]).expect("row");
        }
        let input = input.into_inner().expect("csv bytes");
        let mut out = Vec::new();
        let counts = classify_csv(&model, Path::new("p.csv"), &input[..], CsvColumns::default(), CsvOptions::default(), &mut out, |_| {})
            .expect("classifies");
        prop_assert_eq!(counts.rows, rows.len() as u64);
        let mut reader = csv::Reader::from_reader(&out[..]);
        let got: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("output parses")).collect();
        prop_assert_eq!(got.len(), rows.len());
        let empty = rows.iter().filter(|(_, a, b)| a.trim().is_empty() && b.trim().is_empty()).count();
        prop_assert_eq!(counts.problems, empty as u64);
        for ((id, title, text), record) in rows.iter().zip(&got) {
            prop_assert_eq!(record[0].to_string(), id.to_string());
            prop_assert_eq!(&record[1], title.as_str());
            prop_assert_eq!(&record[2], text.as_str());
            let labeled = !record[3].is_empty();
            prop_assert_eq!(labeled, !(title.trim().is_empty() && text.trim().is_empty()));
        }
    }
}

/// Physical line ends in `bytes`: `\r\n`, `\n` or a lone `\r`.
fn line_breaks(bytes: &[u8]) -> u64 {
    let lone_cr = bytes
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count();
    let cr_at_end = bytes.last() == Some(&b'\r');
    (bytes.iter().filter(|&&b| b == b'\n').count() + lone_cr + usize::from(cr_at_end)) as u64
}

proptest! {
    /// Whatever a CSV writer produces, quoting every field (Python's `csv.QUOTE_ALL`, many
    /// spreadsheet exports) or only where needed, with `\n` or `\r\n` line ends, the reader
    /// takes it back field for field, and each record starts on the physical line the
    /// writer's bytes put it on (a lone `\r` counts as a line end, as in old Mac files): the
    /// quote and line checks refuse no valid CSV.
    #[test]
    fn csv_written_by_any_writer_reads_back_field_for_field(
        rows in prop::collection::vec(prop::collection::vec(texty(), 2), 1..12),
        quote_all in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let style = if quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
        let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let mut w = csv::WriterBuilder::new().quote_style(style).terminator(terminator).from_writer(Vec::new());
        w.write_record(["a", "b"]).expect("header");
        let mut starts = Vec::new();
        let mut line = 2u64;
        for row in &rows {
            starts.push(line);
            w.write_record(row).expect("row");
            w.flush().expect("flush");
            line = 1 + line_breaks(w.get_ref());
        }
        let bytes = w.into_inner().expect("bytes");
        let mut reader = sitrep::data::CsvReader::new(Path::new("w.csv"), &bytes[..]).expect("header reads");
        let mut record = csv::ByteRecord::new();
        let mut got = Vec::new();
        while let Some(at) = reader.read_record(&mut record).expect("valid CSV reads") {
            let fields: Vec<String> = record.iter().map(|f| String::from_utf8(f.to_vec()).expect("UTF-8")).collect();
            got.push((at, fields));
        }
        prop_assert_eq!(got.len(), rows.len());
        for ((at, fields), (row, start)) in got.iter().zip(rows.iter().zip(&starts)) {
            prop_assert_eq!(fields, row);
            prop_assert_eq!(at, start);
        }
    }
}

const BITS: u8 = 8;

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e6..1e6f64,
        Just(0.0),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX),
        Just(f64::MIN)
    ]
}

/// A random head: 2 to 4 unique classes, any link (link 4: an ensemble of an ordinal and a
/// softmax member), weights of the right shape.
fn head() -> impl Strategy<Value = Head> {
    (
        prop::collection::btree_set("[a-z0-9_]{1,8}", 2..5),
        0..5u8,
        "[a-z]{1,6}",
        any::<bool>(),
    )
        .prop_flat_map(|(classes, link, target, ordinal)| {
            let classes: Vec<String> = classes.into_iter().collect();
            let k = classes.len();
            let outputs = match link {
                2 => k - 1,
                4 => 2 * k - 1,
                _ => k,
            };
            let n = 1usize << BITS;
            (
                prop::collection::vec(finite(), n * outputs),
                prop::collection::vec(finite(), outputs),
                prop::collection::vec(finite(), outputs),
                prop::collection::vec(finite(), outputs),
                1e-3..1e3f64,
            )
                .prop_map(move |(w, bias, a, b, temperature)| Head {
                    target: target.clone(),
                    kind: if ordinal {
                        TargetKind::Ordinal
                    } else {
                        TargetKind::Nominal
                    },
                    classes: classes.clone(),
                    algorithm: format!("link {link}"),
                    classifier: LinearClassifier {
                        weights: ndarray::Array2::from_shape_vec((n, outputs), w).expect("shape"),
                        bias: ndarray::Array1::from(bias),
                        link: match link {
                            0 => Link::Softmax,
                            1 => Link::Platt { a, b },
                            2 => Link::Cumulative { a, b },
                            3 => Link::ScaledSoftmax { temperature },
                            _ => Link::Mean {
                                members: vec![
                                    Member {
                                        outputs: k - 1,
                                        link: Link::Cumulative {
                                            a: a[..k - 1].to_vec(),
                                            b: b[..k - 1].to_vec(),
                                        },
                                    },
                                    Member {
                                        outputs: k,
                                        link: Link::Softmax,
                                    },
                                ],
                            },
                        },
                    },
                })
        })
}

fn model() -> impl Strategy<Value = Model> {
    (
        prop::collection::vec(head(), 1..3),
        prop::collection::vec(0.0..20.0f64, 1usize << BITS),
        any::<bool>(),
        "\\PC{0,20}",
        any::<u64>(),
        prop::collection::vec("[a-z]{1,8}", 1..3),
    )
        .prop_map(|(heads, idf, sublinear_tf, version, seed, text_columns)| Model {
            vectorizer: Vectorizer {
                config: FeatureConfig {
                    hashing_bits: Some(BITS),
                    sublinear_tf,
                    ..FeatureConfig::default()
                },
                columns: Columns::Hashing { bits: BITS },
                tfidf: TfIdf { idf, sublinear_tf },
            },
            heads,
            provenance: Provenance {
                sitrep_version: version,
                training_rows: seed as usize % 100_000,
                text_columns,
                seed,
            },
            // gated models: tests/default_model.rs writes one and every classify reads the shipped one
            scope: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn model_save_and_load_round_trip_exactly(model in model()) {
        let bytes = model_file::encode(&model).expect("encodes");
        let loaded = model_file::decode(Path::new("m"), &bytes).expect("decodes");
        prop_assert_eq!(&loaded, &model);
        prop_assert_eq!(model_file::encode(&loaded).expect("encodes"), bytes.clone());
        let dir = std::env::temp_dir().join(format!("sitrep-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("m.sitrep");
        model_file::save(&model, &path).expect("saves");
        prop_assert_eq!(std::fs::read(&path).expect("reads"), bytes);
        prop_assert_eq!(model_file::load(&path).expect("loads"), model);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_default_model_round_trips_byte_for_byte() {
    let bytes = sitrep::model::default::DEFAULT_MODEL.expect("this build has a default model");
    let model = default_model();
    assert_eq!(model_file::encode(&model).expect("encodes"), bytes);
}
