//! A hint to the CPU to start loading memory that a loop will read soon.
//!
//! Some loops read scattered memory in an order known ahead: the SVM solver visits training
//! rows in a shuffled order, so it knows the next row while working on the current one. A
//! prefetch lets that row's load overlap the current work instead of stalling on it.

/// Starts loading the cache line holding `value`, without waiting for it. Only a hint: it
/// changes no result, and does nothing on targets other than x86-64.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: a prefetch reads no value and cannot fault; the pointer comes from a reference.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
