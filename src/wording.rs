//! How messages name several things: `a, b and c`, and the verb and pronouns that agree
//! with them. The binaries' usage errors and the library's own checks of the options it is
//! given say their sentences with these.

/// How a sentence about `n` named options agrees with them: `(verb, subject, object)`, the
/// verb in the form given for one (`"sets"`) or for several (`"set"`), and the pronouns ("it"
/// or "they", "it" or "them"), as in "--a and --b set ..., so they would change nothing".
pub fn agreeing<'a>(n: usize, one: &'a str, several: &'a str) -> (&'a str, &'static str, &'static str) {
    if n == 1 {
        (one, "it", "it")
    } else {
        (several, "they", "them")
    }
}

/// "a, b and c" from `items`, for messages that name several options.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `n` and the noun agreeing with it: "1 week", "3 weeks" (nouns with a plain `s` plural).
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(counted(1, "week"), "1 week");
        assert_eq!(counted(0, "place"), "0 places");
        assert_eq!(counted(104, "week"), "104 weeks");
    }

    #[test]
    fn lists_read_as_a_sentence() {
        let list = |items: &[&str]| and_list(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["--c"]), "--c");
        assert_eq!(list(&["--c", "--alpha"]), "--c and --alpha");
        assert_eq!(
            list(&["--c", "--alpha", "--snippets"]),
            "--c, --alpha and --snippets"
        );
        assert_eq!(agreeing(1, "sets", "set"), ("sets", "it", "it"));
        assert_eq!(agreeing(2, "sets", "set"), ("set", "they", "them"));
    }
}
