//! Pattern samples: the shortest plain string a schema's `pattern` matches, so that a sample
//! built from a schema satisfies its regular expression (inventree's decimals, oxide's
//! versions).

use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest sample a pattern may make; past it the pattern gives none.
const MAX_LENGTH: usize = 4_096;

/// A string the pattern matches, made of the first alternative of each choice, the fewest
/// repetitions (one where the pattern asks for some but allows none, zero for an optional
/// part), and a letter or digit of each class where it has one. `None` when the pattern is
/// not one the Rust regex syntax reads (lookarounds, backreferences), or the sample is not
/// plain text.
pub fn of_pattern(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = Vec::new();
    write(&hir, &mut out)?;
    let text = String::from_utf8(out).ok()?;
    text.chars().all(|c| !c.is_control()).then_some(text)
}

/// Appends the sample of one node; `None` when it grows past [`MAX_LENGTH`] or a class has
/// no printable member.
fn write(hir: &Hir, out: &mut Vec<u8>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.extend_from_slice(&literal.0),
        HirKind::Class(class) => {
            out.extend_from_slice(member(class)?.encode_utf8(&mut [0; 4]).as_bytes())
        }
        HirKind::Repetition(repetition) => {
            let count = match (repetition.min, repetition.max) {
                (0, Some(1)) => 0,
                (min, Some(max)) => min.max(1).min(max),
                (min, None) => min.max(1),
            };
            // The item once, then copies: a count of billions of an item that writes
            // nothing (`(?:a?){4294967295}`) costs one walk, not billions.
            if count > 0 {
                let mut item = Vec::new();
                write(&repetition.sub, &mut item)?;
                let total = item.len().checked_mul(count as usize)?;
                if out.len() + total > MAX_LENGTH {
                    return None;
                }
                for _ in 0..count.min(MAX_LENGTH as u32 + 1) {
                    if item.is_empty() {
                        break;
                    }
                    out.extend_from_slice(&item);
                }
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, out)?;
            }
        }
        HirKind::Alternation(choices) => write(choices.first()?, out)?,
    }
    (out.len() <= MAX_LENGTH).then_some(())
}

/// The member of a class a reader expects: a lower-case letter, a digit, an upper-case
/// letter, then any printable ASCII character.
fn member(class: &Class) -> Option<char> {
    let contains = |c: char| match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .any(|range| range.start() <= c && c <= range.end()),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .any(|range| range.start() <= c as u8 && c as u8 <= range.end()),
    };
    ('a'..='z')
        .chain('0'..='9')
        .chain('A'..='Z')
        .chain('!'..='~')
        .chain([' '])
        .find(|c| contains(*c))
}

#[cfg(test)]
mod tests {
    use super::of_pattern;

    #[test]
    fn the_shortest_plain_match() {
        for (pattern, sample) in [
            (r"^-?\d{0,10}(?:\.\d{0,5})?$", "0"),
            (r"^M|D$", "M"),
            (
                r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
                "0.0.0",
            ),
            (r"^[A-Z]{3}-\d{2,4}$", "AAA-00"),
            (r"^\+[1-9]\d{1,14}$", "+10"),
            (r"[^a-z]+", "0"),
            (r"^\S+@\S+\.\S+$", "a@a.a"),
        ] {
            assert_eq!(of_pattern(pattern).as_deref(), Some(sample), "{pattern}");
        }
    }

    #[test]
    fn what_it_cannot_read_or_make_gives_none() {
        // A lookahead, a backreference, a length past the limit, and a control character.
        for pattern in [r"^(?!x)[a-z]+$", r"(a)\1", r"^a{5000}$", r"^\x00$"] {
            assert_eq!(of_pattern(pattern), None, "{pattern}");
        }
        // Counts of billions, of an item that writes nothing and of one that writes: at
        // once, not after billions of steps.
        assert_eq!(
            of_pattern(r"(?:(?:a?){4294967295}){4294967295}").as_deref(),
            Some("")
        );
        assert_eq!(of_pattern(r"(?:(?:ab){1000}){1000}"), None);
    }
}
