//! The text of a row: how text columns join, and how a text is measured, padded and cut
//! short for display at a terminal.
//!
//! Text tables line up by display width, the columns a terminal gives a text, not by its
//! count of `char`s: a CJK character takes two columns, a combining mark none. Rust's
//! `format!("{s:<24}")` pads by `char` count, so it is right only for text known to be
//! ASCII (numbers, sitrep's own words); a place name, label, target or article goes through
//! [`align_left`], [`align_right`] and [`clip`] here, and widths are measured with
//! [`display_width`].

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Appends one text column's field to a row's text, which starts at byte `start` of `text`:
/// the fields of a row are joined with newlines (title, then body), and blank fields are
/// left out, so that a row without a title reads as its body alone. Every reader of text
/// columns (CSV files here, data frames in the Python package) joins them this way.
pub fn push_text_field(text: &mut String, start: usize, field: &str) {
    if !field.trim().is_empty() {
        if text.len() > start {
            text.push('\n');
        }
        text.push_str(field);
    }
}

/// A short single-line excerpt of a text for tables, at most `width` columns wide (for a
/// `width` of 3 or more): its start and `...` when the whole does not fit.
pub fn excerpt(text: &str, width: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if display_width(&flat) <= width {
        flat
    } else {
        format!("{}...", prefix_within(&flat, width.saturating_sub(3)).trim_end())
    }
}

/// The columns `s` takes at a terminal: 2 for each wide (CJK) character and emoji, 0 for a
/// combining mark, 1 for the rest (Unicode Standard Annex #11, as `unicode-width` reads it).
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// `s` followed by spaces up to `width` columns (left-aligned; `s` as it is when wider):
/// `format!("{s:<width$}")` measured by display width.
pub fn align_left(s: &str, width: usize) -> String {
    format!("{s}{}", spaces(s, width))
}

/// Spaces then `s`, up to `width` columns (right-aligned; `s` as it is when wider):
/// `format!("{s:>width$}")` measured by display width.
pub fn align_right(s: &str, width: usize) -> String {
    format!("{}{s}", spaces(s, width))
}

/// The spaces that make `s` `width` columns wide.
fn spaces(s: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(display_width(s)))
}

/// `s` when it fits in `width` columns; else its start and `ellipsis`, together no wider
/// than `width` (the start alone when even the ellipsis does not fit). A character is never
/// split, so a wide one that would cross the edge is left out.
pub fn clip<'a>(s: &'a str, width: usize, ellipsis: &str) -> Cow<'a, str> {
    if display_width(s) <= width {
        return Cow::Borrowed(s);
    }
    match width.checked_sub(display_width(ellipsis)) {
        Some(room) => Cow::Owned(format!("{}{ellipsis}", prefix_within(s, room))),
        None => Cow::Borrowed(prefix_within(s, width)),
    }
}

/// The longest start of `s` (whole characters, and the zero-width marks after the last of
/// them) that is at most `width` columns wide.
pub fn prefix_within(s: &str, width: usize) -> &str {
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        end = i + c.len_utf8();
    }
    // a sequence can be wider than its characters (an emoji with its presentation selector)
    let mut cut = &s[..end];
    while display_width(cut) > width {
        let last = cut.chars().next_back().map_or(0, char::len_utf8);
        cut = &cut[..cut.len() - last];
    }
    cut
}

/// `s` when it fits in `width` columns; else its start, `ellipsis` and its end, together
/// no wider than `width`, so that names alike at their start stay told apart by their end
/// (`Democratic Rep…North Kivu`). Whole characters only, as [`clip`].
pub fn clip_middle<'a>(s: &'a str, width: usize, ellipsis: &str) -> Cow<'a, str> {
    if display_width(s) <= width {
        return Cow::Borrowed(s);
    }
    let Some(room) = width.checked_sub(display_width(ellipsis)) else {
        return Cow::Borrowed(prefix_within(s, width));
    };
    let tail = suffix_within(s, room / 2);
    let head = prefix_within(s, room - display_width(tail));
    Cow::Owned(format!("{head}{ellipsis}{tail}"))
}

/// The longest end of `s` (whole characters, not starting with a zero-width mark cut off
/// its letter) that is at most `width` columns wide.
fn suffix_within(s: &str, width: usize) -> &str {
    let mut used = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        start = i;
    }
    let mut cut = &s[start..];
    while display_width(cut) > width || cut.chars().next().is_some_and(|c| c.width() == Some(0)) {
        let first = cut.chars().next().map_or(0, char::len_utf8);
        cut = &cut[first..];
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wide CJK name (Kyiv Oblast in Japanese), 2 columns a character.
    const WIDE: &str = "キーウ州";
    /// `Åland` with the ring as a combining mark: 5 columns, 6 characters.
    const COMBINING: &str = "A\u{30a}land";

    #[test]
    fn widths_count_terminal_columns() {
        assert_eq!(display_width("Kharkiv"), 7);
        assert_eq!(display_width(WIDE), 8);
        assert_eq!(display_width(COMBINING), 5);
        assert_eq!(display_width("Київ"), 4);
        assert_eq!(display_width("🔥"), 2);
        // an emoji with its presentation selector is as wide as the emoji alone
        assert_eq!(display_width("\u{2764}\u{fe0f}"), 2);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn ascii_is_aligned_as_format_aligns_it() {
        for s in ["", "a", "Kharkiv", "place name longer than the width"] {
            for w in [0, 1, 7, 12, 24] {
                assert_eq!(align_left(s, w), format!("{s:<w$}"), "{s:?} {w}");
                assert_eq!(align_right(s, w), format!("{s:>w$}"), "{s:?} {w}");
            }
        }
    }

    #[test]
    fn wide_and_combining_text_is_padded_to_its_columns() {
        assert_eq!(align_left(WIDE, 10), format!("{WIDE}  "));
        assert_eq!(align_right(WIDE, 10), format!("  {WIDE}"));
        assert_eq!(align_left(COMBINING, 8), format!("{COMBINING}   "));
        assert_eq!(align_right("🔥", 3), " 🔥");
        for s in [WIDE, COMBINING, "🔥x"] {
            assert_eq!(display_width(&align_left(s, 12)), 12, "{s}");
            assert_eq!(display_width(&align_right(s, 12)), 12, "{s}");
        }
        // too wide already: left as it is
        assert_eq!(align_left(WIDE, 3), WIDE);
    }

    #[test]
    fn ascii_is_clipped_as_before() {
        assert_eq!(clip("displacement", 5, "…"), "disp…");
        assert_eq!(clip("ok", 5, "…"), "ok");
        assert_eq!(clip("exactly", 7, "…"), "exactly");
        // the cut's trailing space goes before the dots (data/tests.rs has the rest)
        assert_eq!(excerpt("abcd efghijkl", 8), "abcd...");
    }

    #[test]
    fn clipping_never_splits_a_wide_character_past_the_width() {
        // 4 columns: the third character would end at column 5, so it is left out
        assert_eq!(clip(WIDE, 5, "…"), "キー…");
        assert_eq!(clip(WIDE, 4, "…"), "キ…");
        assert_eq!(clip(WIDE, 8, "…"), WIDE);
        assert_eq!(excerpt("北京 上海 広州 深圳", 9), "北京...");
        // a combining mark stays on its letter
        assert_eq!(clip(COMBINING, 3, "…"), "A\u{30a}l…");
        assert_eq!(prefix_within(COMBINING, 1), "A\u{30a}");
        assert_eq!(prefix_within("\u{2764}\u{fe0f}!", 1), "\u{2764}");
        // cut in the middle: the distinguishing end stays
        assert_eq!(
            clip_middle("Democratic Republic of the Congo / North Kivu", 20, "…"),
            "Democratic…orth Kivu"
        );
        assert_eq!(clip_middle("abc", 3, "…"), "abc");
        assert_eq!(clip_middle(WIDE, 6, "…"), "キ…州");
        assert_eq!(clip_middle(COMBINING, 4, "…"), "A\u{30a}l…d");
        assert_eq!(display_width(&clip_middle("x\u{30a}y\u{30a}zzzz", 4, "…")), 4);
        // no room for the ellipsis: the start alone
        assert_eq!(clip(WIDE, 0, "…"), "");
        assert_eq!(clip("abc", 2, "..."), "ab");
    }

    #[test]
    fn clipped_text_is_never_wider_than_asked() {
        let texts = [
            WIDE,
            COMBINING,
            "Kharkiv",
            "🔥🔥🔥 fire",
            "\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}",
            "👩\u{200d}👩\u{200d}👧 family",
            "Z\u{301}\u{302}\u{303}a\u{301}lgo 中文 text",
        ];
        for s in texts {
            for w in 0..=display_width(s) + 1 {
                for ellipsis in ["…", "..."] {
                    let c = clip(s, w, ellipsis);
                    assert!(display_width(&c) <= w, "{s:?} at {w}: {c:?}");
                    assert!(s.starts_with(c.trim_end_matches(ellipsis)), "{s:?} at {w}: {c:?}");
                }
                let p = prefix_within(s, w);
                assert!(display_width(p) <= w && s.starts_with(p), "{s:?} at {w}: {p:?}");
            }
        }
    }
}
