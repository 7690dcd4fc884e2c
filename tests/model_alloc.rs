//! A crafted model file cannot make the loader allocate more than a small constant times its
//! size: every length field of a real model file is replaced, in turn, by a huge claim, and
//! the peak of live heap bytes during decoding is measured.
//!
//! This file holds a single test, as the counting allocator sees every thread of the binary.

#![allow(unsafe_code)] // a counting global allocator; the library itself forbids unsafe code

mod common;
use common::*;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use sitrep::model::file as model_file;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap bytes allocated while decoding `file` (beyond what was live before), and
/// whether it loaded.
fn decode_peak(file: &[u8]) -> (usize, bool) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let ok = model_file::decode(Path::new("crafted.sitrep"), file).is_ok();
    (PEAK.load(Relaxed) - before, ok)
}

/// postcard's unsigned varint.
fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[test]
fn huge_length_claims_never_allocate_more_than_a_small_multiple_of_the_file() {
    let s = Scratch::new("alloc");
    let good = std::fs::read(train_tiny(&s)).expect("model");
    let payload = &good[24..];
    // the honest file, as a yardstick
    let (honest, ok) = decode_peak(&good);
    assert!(ok);
    let limit = |len: usize| 16 * len + 64 * 1024;
    assert!(honest <= limit(good.len()), "honest decode took {honest} bytes");

    // every position of the payload in turn claims 2^40, 2^62 or usize::MAX-ish elements
    let mut worst = (0, 0);
    for claim in [1u64 << 40, u64::MAX >> 1] {
        let huge = varint(claim);
        for i in 0..payload.len() {
            let mut crafted = payload[..i].to_vec();
            crafted.extend_from_slice(&huge);
            crafted.extend_from_slice(&payload[i + 1..]);
            let file = file_with_payload(&crafted);
            let (peak, _) = decode_peak(&file);
            if peak > worst.0 {
                worst = (peak, i);
            }
            assert!(
                peak <= limit(file.len()),
                "a claim of {claim} at payload byte {i} made the loader allocate {peak} bytes for a {}-byte file",
                file.len()
            );
        }
    }
    eprintln!(
        "file {} bytes: honest decode peak {honest} bytes, worst crafted {} bytes (at payload byte {})",
        good.len(),
        worst.0,
        worst.1
    );
}
