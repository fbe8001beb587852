//! Sentences for people as data (issue 16 item 5): a Fluent message id and its
//! arguments. Errors and notices carry one next to their English text; the window
//! translates it (src/ui/errors.rs), the CLI prints the English.

/// A message id of i18n/*/tern.ftl and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// One argument: words, a number (plurals choose by it) or another sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Str(String),
    Num(i64),
    Text(Box<Text>),
}

impl Text {
    pub fn new(id: &'static str) -> Text {
        Text { id, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(i64::from(n))
    }
}

impl From<u16> for Arg {
    fn from(n: u16) -> Arg {
        Arg::Num(i64::from(n))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

/// Ids and argument names read back from storage become `&'static str` once each: the
/// set is small (the ids of tern.ftl), so interning them leaks a bounded amount.
fn intern(s: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(|| Mutex::new(HashSet::new()))
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = seen.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
    seen.insert(leaked);
    leaked
}

/// Nesting kept when reading a stored text back (a sentence inside a sentence is one).
const MAX_STORED_DEPTH: usize = 4;

impl Text {
    /// A form to store beside an English sentence (the outbox keeps a row's last error),
    /// so the window can show it in the user's language later.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// Reads `to_json`'s form; `None` for anything else (an older row, damage).
    pub fn from_json(stored: &str) -> Option<Text> {
        let value: serde_json::Value = serde_json::from_str(stored).ok()?;
        Text::from_value(&value, 0)
    }

    fn to_value(&self) -> serde_json::Value {
        // An array, not an object: argument order is kept.
        let args: Vec<serde_json::Value> = self
            .args
            .iter()
            .map(|(name, value)| match value {
                Arg::Str(s) => serde_json::json!({ "name": name, "s": s }),
                Arg::Num(n) => serde_json::json!({ "name": name, "n": n }),
                Arg::Text(t) => serde_json::json!({ "name": name, "t": t.to_value() }),
            })
            .collect();
        serde_json::json!({ "id": self.id, "args": args })
    }

    fn from_value(value: &serde_json::Value, depth: usize) -> Option<Text> {
        if depth > MAX_STORED_DEPTH {
            return None;
        }
        let id = value.get("id")?.as_str()?;
        let mut text = Text::new(intern(id));
        for v in value.get("args")?.as_array()? {
            let name = v.get("name")?.as_str()?;
            let arg = if let Some(s) = v.get("s").and_then(|s| s.as_str()) {
                Arg::Str(s.to_string())
            } else if let Some(n) = v.get("n").and_then(serde_json::Value::as_i64) {
                Arg::Num(n)
            } else {
                Arg::Text(Box::new(Text::from_value(v.get("t")?, depth + 1)?))
            };
            text.args.push((intern(name), arg));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_text_reads_back_the_same() {
        let t = Text::new("err-send-maybe-sent")
            .arg(
                "what",
                Text::new("err-smtp-timeout").arg("host", "smtp.example.org"),
            )
            .arg("count", 3u32);
        assert_eq!(Text::from_json(&t.to_json()), Some(t));
        assert_eq!(Text::from_json(""), None);
        assert_eq!(Text::from_json("Sent, but"), None);
        assert_eq!(Text::from_json(r#"{"id":"x","args":[{"name":"a","q":1}]}"#), None);
    }
}
