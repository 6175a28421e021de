//! Small pieces of English the sentences share.

/// "Adam Admin's", "Chris'".
pub(super) fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// A wire code as words: `under_contract` and `underContract` read "under contract".
pub(super) fn words(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 4);
    for c in code.chars() {
        match c {
            '_' | '-' => out.push(' '),
            c if c.is_ascii_uppercase() => {
                out.push(' ');
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// A wire code as a label: `under_contract` reads "Under contract".
pub(super) fn label(code: &str) -> String {
    capitalised(&words(code))
}

pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a, b and c".
pub(super) fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "1 lead", "3 leads".
pub(super) fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(words("under_contract"), "under contract");
        assert_eq!(words("budgetMin"), "budget min");
        assert_eq!(label("admin"), "Admin");
        assert_eq!(possessive("Adam Admin"), "Adam Admin's");
        assert_eq!(possessive("Chris"), "Chris'");
        assert_eq!(listed(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(count(1, "lead", "leads"), "1 lead");
        assert_eq!(count(0, "lead", "leads"), "0 leads");
    }
}
