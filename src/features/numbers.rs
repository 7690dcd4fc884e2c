//! Turns figures into magnitude tokens.
//!
//! `killed 300` and `killed 450` should look alike to a model, and unlike `killed 3`:
//! casualty and displacement figures carry much of the escalation signal that a plain bag of
//! words throws away. Figures written as digits (`2,300`, `1.2 million`) and as words
//! (`two hundred`, `dozens`, `tens of thousands`) become one token naming their order of
//! magnitude, e.g. `<num:100-999>`. Four-digit numbers that look like years become `<year>`.
//!
//! Must run after lowercasing (it matches lowercase number words) and before stop-word
//! removal (which would otherwise drop `of` from `tens of thousands` before it is read).

use super::filter::TokenFilter;

#[derive(Clone, Copy, Debug, Default)]
pub struct NumberBucketer;

/// The magnitude token for a value. Buckets are decades: what matters is 9 vs 90 vs 900.
pub fn magnitude_token(value: f64) -> &'static str {
    match value {
        v if v < 1.0 => "<num:0>",
        v if v < 10.0 => "<num:1-9>",
        v if v < 100.0 => "<num:10-99>",
        v if v < 1_000.0 => "<num:100-999>",
        v if v < 10_000.0 => "<num:1k-9k>",
        v if v < 100_000.0 => "<num:10k-99k>",
        v if v < 1_000_000.0 => "<num:100k-999k>",
        _ => "<num:1m+>",
    }
}

fn unit_word(word: &str) -> Option<f64> {
    let v = match word {
        "zero" => 0.0,
        "one" | "a" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    };
    Some(v)
}

fn scale_word(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(100.0),
        "thousand" | "k" => Some(1_000.0),
        // South Asian reporting: "3 lakh" is 300,000, "2 crore" 20 million
        "lakh" | "lakhs" => Some(100_000.0),
        "million" | "m" | "mln" => Some(1_000_000.0),
        "crore" | "crores" => Some(10_000_000.0),
        "billion" | "bn" => Some(1_000_000_000.0),
        _ => None,
    }
}

/// Vague plurals: "dozens", "hundreds", "tens of thousands". The value is a typical one
/// inside the magnitude the phrase names.
fn plural_word(word: &str) -> Option<f64> {
    match word {
        "dozens" | "tens" | "scores" => Some(20.0),
        "hundreds" => Some(200.0),
        "thousands" => Some(2_000.0),
        "millions" => Some(2_000_000.0),
        // "lakhs of people": digits before it are read as a scale ("3 lakhs") first
        "lakhs" => Some(200_000.0),
        _ => None,
    }
}

fn parse_digits(token: &str) -> Option<f64> {
    let first = token.chars().next()?;
    if !first.is_ascii_digit() || !token.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    // Commas group thousands; a dot is a decimal point.
    token.replace(',', "").parse::<f64>().ok()
}

fn is_year(token: &str) -> bool {
    token.len() == 4 && token.starts_with(['1', '2']) && matches!(token.parse::<u32>(), Ok(1900..=2100))
}

impl NumberBucketer {
    /// Reads one figure starting at `tokens[i]`; returns its value and how many tokens it took.
    fn read_figure(tokens: &[String], i: usize) -> Option<(f64, usize)> {
        let word = tokens[i].as_str();
        if let Some(base) = plural_word(word) {
            // "tens of thousands", "hundreds of thousands", "dozens of millions"
            let scale = match (tokens.get(i + 1).map(String::as_str), tokens.get(i + 2)) {
                (Some("of"), Some(t)) => plural_word(t).or_else(|| scale_word(t)),
                _ => None,
            };
            return match scale {
                Some(s) if s >= 1_000.0 => {
                    let unit = if s >= 1_000_000.0 { 1_000_000.0 } else { 1_000.0 };
                    Some((base * unit, 3))
                }
                // a bare "tens" is not a figure
                _ if word == "tens" => None,
                _ => Some((base, 1)),
            };
        }
        let from_digits = parse_digits(word);
        // "140 000", "1 200 000": figures grouped with spaces, which the tokenizer splits.
        // The groups are joined only when the last one starts with 0: "killed 12 150 wounded"
        // tokenizes the same way, and no figure written alone starts with 0.
        if let Some(v) = from_digits.filter(|_| word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit())) {
            let group = |t: &String| t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit());
            let groups = tokens[i + 1..].iter().take_while(|t| group(t)).count();
            if groups > 0 && tokens[i + groups].starts_with('0') {
                let joined = tokens[i + 1..=i + groups]
                    .iter()
                    .fold(v, |v, t| v * 1000.0 + parse_digits(t).unwrap_or(0.0));
                return Some((joined, groups + 1));
            }
        }
        let scale_next = tokens.get(i + 1).and_then(|t| scale_word(t)).is_some();
        let mut current = match from_digits {
            Some(v) => v,
            // "a hundred thousand", "several hundred thousand", "a few million"
            None if word == "a" && scale_next => 1.0,
            None if word == "several" && scale_next => 3.0,
            None if word == "few" && scale_next => 2.0,
            None if word == "a" => return None,
            None => unit_word(word)?,
        };
        let mut total = 0.0;
        let mut used = 1;
        while let Some(next) = tokens.get(i + used).map(String::as_str) {
            let unit = unit_word(next).filter(|_| next != "a" && from_digits.is_none());
            if let Some(scale) = scale_word(next) {
                current *= scale;
                if scale >= 1_000.0 {
                    total += current;
                    current = 0.0;
                }
            } else if let Some(u) = unit {
                // "two hundred fifty", "thousand five", "twenty five"
                let absorbs = (current > 0.0 && current % 100.0 == 0.0)
                    || (current == 0.0 && total > 0.0)
                    || ((20.0..100.0).contains(&current) && current % 10.0 == 0.0 && u < 10.0);
                if !absorbs {
                    break;
                }
                current += u;
            } else if next == "and"
                && current > 0.0
                && current % 100.0 == 0.0
                && from_digits.is_none()
                && tokens.get(i + used + 1).and_then(|t| unit_word(t)).is_some()
            {
                // "two hundred and fifty": skip the "and"
            } else {
                break;
            }
            used += 1;
        }
        Some((total + current, used))
    }
}

impl TokenFilter for NumberBucketer {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            if is_year(token) && tokens.get(i + 1).and_then(|t| scale_word(t)).is_none() {
                out.push("<year>".to_string());
                i += 1;
                continue;
            }
            // "a dozen" is 12 ("two dozen" is read below); "a" before a scale word is read as
            // "one" by read_figure, and "a" alone is an article it leaves as a word.
            if token == "a" && tokens.get(i + 1).is_some_and(|t| t == "dozen") {
                out.push(magnitude_token(12.0).to_string());
                i += 2;
                continue;
            }
            match Self::read_figure(tokens, i) {
                Some((value, used)) => {
                    out.push(magnitude_token(value).to_string());
                    i += used;
                }
                None => {
                    out.push(std::mem::take(&mut tokens[i]));
                    i += 1;
                }
            }
        }
        *tokens = out;
    }

    /// Every word a figure can be made of, and the `a`, `of` and `and` that can join them.
    fn is_contextual(&self, token: &str) -> bool {
        matches!(token, "a" | "of" | "and" | "several" | "few")
            || parse_digits(token).is_some()
            || unit_word(token).is_some()
            || scale_word(token).is_some()
            || plural_word(token).is_some()
    }

    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(text: &str) -> Vec<String> {
        let mut t: Vec<String> = text.split_whitespace().map(String::from).collect();
        NumberBucketer.apply(&mut t);
        t
    }

    #[test]
    fn digits_become_decade_buckets() {
        assert_eq!(bucket("killed 300"), ["killed", "<num:100-999>"]);
        assert_eq!(bucket("killed 450"), ["killed", "<num:100-999>"]);
        assert_eq!(bucket("killed 3"), ["killed", "<num:1-9>"]);
        assert_eq!(bucket("2,300 fled"), ["<num:1k-9k>", "fled"]);
        assert_eq!(bucket("332,000 displaced"), ["<num:100k-999k>", "displaced"]);
    }

    #[test]
    fn scale_words_multiply() {
        assert_eq!(bucket("1.2 million people"), ["<num:1m+>", "people"]);
        assert_eq!(bucket("40 thousand"), ["<num:10k-99k>"]);
        assert_eq!(bucket("a million people"), ["<num:1m+>", "people"]);
        // two scales after "a", "several" or "few" multiply, as after a digit
        assert_eq!(bucket("a hundred thousand fled"), ["<num:100k-999k>", "fled"]);
        assert_eq!(bucket("a hundred and forty thousand"), ["<num:100k-999k>"]);
        assert_eq!(bucket("several hundred thousand"), ["<num:100k-999k>"]);
        assert_eq!(bucket("a few hundred people"), ["a", "<num:100-999>", "people"]);
        assert_eq!(bucket("several villages"), ["several", "villages"]);
        assert_eq!(bucket("3 lakh people"), ["<num:100k-999k>", "people"]);
        assert_eq!(bucket("3 lakhs people"), ["<num:100k-999k>", "people"]);
        assert_eq!(bucket("lakhs of people"), ["<num:100k-999k>", "of", "people"]);
        assert_eq!(bucket("2 crore"), ["<num:1m+>"]);
    }

    #[test]
    fn figures_grouped_with_spaces_are_one_figure() {
        assert_eq!(bucket("some 140 000 fled"), ["some", "<num:100k-999k>", "fled"]);
        assert_eq!(bucket("1 200 000 people"), ["<num:1m+>", "people"]);
        // only groups starting with 0 are joined: a list of figures reads the same way
        assert_eq!(
            bucket("killed 12 150 wounded"),
            ["killed", "<num:10-99>", "<num:100-999>", "wounded"]
        );
        assert_eq!(bucket("in 2024 000"), ["in", "<year>", "<num:0>"]);
    }

    #[test]
    fn number_words_are_read() {
        assert_eq!(bucket("nine soldiers"), ["<num:1-9>", "soldiers"]);
        assert_eq!(bucket("two hundred killed"), ["<num:100-999>", "killed"]);
        assert_eq!(bucket("two hundred and fifty"), ["<num:100-999>"]);
        assert_eq!(bucket("forty five"), ["<num:10-99>"]);
        assert_eq!(bucket("one of the"), ["<num:1-9>", "of", "the"]);
        assert_eq!(bucket("three hundred thousand fled"), ["<num:100k-999k>", "fled"]);
    }

    #[test]
    fn vague_plurals_name_their_magnitude() {
        assert_eq!(bucket("dozens killed"), ["<num:10-99>", "killed"]);
        assert_eq!(
            bucket("hundreds of families"),
            ["<num:100-999>", "of", "families"]
        );
        assert_eq!(bucket("tens of thousands fled"), ["<num:10k-99k>", "fled"]);
        assert_eq!(bucket("hundreds of thousands fled"), ["<num:100k-999k>", "fled"]);
        assert_eq!(bucket("thousands fled"), ["<num:1k-9k>", "fled"]);
        assert_eq!(bucket("millions"), ["<num:1m+>"]);
        assert_eq!(bucket("a dozen"), ["<num:10-99>"]);
    }

    #[test]
    fn years_and_articles_are_not_counts() {
        assert_eq!(bucket("in 2023 a convoy"), ["in", "<year>", "a", "convoy"]);
        assert_eq!(bucket("tens"), ["tens"]);
    }
}
