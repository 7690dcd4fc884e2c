//! Criterion benchmarks of the hot kernels: analysis, vectorizing, scoring.
//!
//! Run with `cargo bench --bench kernels`. They use the committed corpus in datasets/, so
//! they need nothing else; the end-to-end comparison with the peers is benches/bench.py.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitrep::features::{AnalyzedCorpus, FeatureConfig};
use sitrep::model::file as model_file;

fn texts() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/conflict-news.csv");
    let mut reader = csv::Reader::from_path(path).expect("corpus");
    reader.records().map(|r| r.expect("row")[4].to_string()).collect()
}

fn kernels(c: &mut Criterion) {
    let texts = texts();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let config = FeatureConfig::default();

    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Elements(words as u64));
    group.bench_function("analyzer (tokenize, lowercase, numbers, stop words, stem)", |b| {
        let mut analyzer = config.analyzer();
        let mut tokens = Vec::new();
        b.iter(|| {
            for t in &texts {
                analyzer.analyze(t, &mut tokens);
            }
        })
    });
    group.bench_function("corpus analysis with term interning", |b| {
        b.iter(|| AnalyzedCorpus::new(&config, &texts))
    });
    group.finish();

    let model = model_file::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/default.sitrep"
    )))
    .expect("default model");
    let mut group = c.benchmark_group("inference");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("vectorize (TF-IDF rows)", |b| {
        b.iter(|| model.vectorizer.transform(&texts))
    });
    let x = model.vectorizer.transform(&texts);
    group.bench_function("score and calibrate (both heads)", |b| {
        b.iter(|| model.predict_rows(&x))
    });
    group.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
