use super::*;

fn text(field: SearchField, t: &str, phrase: bool) -> TextTerm {
    TextTerm {
        field,
        text: t.to_string(),
        phrase,
    }
}

#[test]
fn free_words_and_phrases() {
    let q = parse_query("  lunch \"next week\" menu ").expect("parses");
    assert_eq!(
        q.terms,
        vec![
            text(SearchField::Anywhere, "lunch", false),
            text(SearchField::Anywhere, "next week", true),
            text(SearchField::Anywhere, "menu", false),
        ]
    );
    assert!(q.has_text());
    assert!(parse_query("   ").expect("empty").is_empty());
}

#[test]
fn every_operator() {
    let q = parse_query(
        "from:anna@example.com TO:\"Bob Jones\" subject:invoice has:attachment is:unread is:starred \
         in:Inbox in:\"Work/2024\" after:2024-01-31 before:2024-03-01",
    )
    .expect("parses");
    assert_eq!(
        q.terms,
        vec![
            text(SearchField::From, "anna@example.com", false),
            text(SearchField::To, "Bob Jones", true),
            text(SearchField::Subject, "invoice", false),
        ]
    );
    assert!(q.has_attachment && q.unread && q.starred);
    assert_eq!(q.folders, vec!["Inbox".to_string(), "Work/2024".to_string()]);
    assert_eq!(q.after, Some(1_706_659_200)); // 2024-01-31T00:00:00Z
    assert_eq!(q.before, Some(1_709_251_200)); // 2024-03-01T00:00:00Z
}

#[test]
fn the_tighter_date_bound_wins() {
    let q =
        parse_query("before:2024-03-01 before:2023-01-01 after:2020-01-01 after:2021-01-01").expect("parses");
    assert_eq!(q.before, Some(1_672_531_200));
    assert_eq!(q.after, Some(1_609_459_200));
}

#[test]
fn a_colon_that_is_not_an_operator_is_text() {
    let q = parse_query("Re: lunch https://example.com/x").expect("parses");
    let words: Vec<_> = q.terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(words, ["Re:", "lunch", "https://example.com/x"]);
    assert!(q.terms.iter().all(|t| t.field == SearchField::Anywhere));
}

#[test]
fn punctuation_alone_is_ignored() {
    let q = parse_query("- & \"...\" tea").expect("parses");
    assert_eq!(q.terms, vec![text(SearchField::Anywhere, "tea", false)]);
}

#[test]
fn non_ascii_words_stay_as_typed() {
    let q = parse_query("from:Jürgen 東京 subject:\"größe Änderung\"").expect("parses");
    let words: Vec<_> = q.terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(words, ["Jürgen", "東京", "größe Änderung"]);
}

fn error_id(input: &str) -> &'static str {
    let e = parse_query(input).expect_err(input);
    e.text.expect("has a Fluent text").id
}

#[test]
fn malformed_operators_say_what_is_wrong() {
    assert_eq!(error_id("from: anna"), "err-search-empty-value");
    assert_eq!(error_id("in:"), "err-search-empty-value");
    assert_eq!(error_id("has:pdf"), "err-search-bad-has");
    assert_eq!(error_id("is:important"), "err-search-bad-is");
    assert_eq!(error_id("before:2024-02-30"), "err-search-bad-date");
    assert_eq!(error_id("after:24-01-01"), "err-search-bad-date");
    assert_eq!(error_id("after:yesterday"), "err-search-bad-date");
    assert_eq!(error_id("\"never closed"), "err-search-unclosed-quote");
    assert_eq!(error_id("subject:\"never closed"), "err-search-unclosed-quote");
    let e = parse_query("before:2024-13-01").expect_err("month 13");
    assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
}

#[test]
fn dates_round_trip_through_the_calendar() {
    for (s, days) in [("1970-01-01", 0), ("2000-02-29", 11_016), ("1969-12-31", -1)] {
        assert_eq!(parse_day(s), Some(days), "{s}");
    }
    assert_eq!(parse_day("2023-02-29"), None);
    assert_eq!(parse_day("2024-1-01"), None);
}

#[test]
fn unspaced_scripts_are_split_per_character() {
    assert_eq!(spaced_for_index("会議は東京で"), " 会  議  は  東  京  で ");
    assert_eq!(spaced_for_index("Grüße aus Köln"), "Grüße aus Köln");
    assert_eq!(spaced_for_index("안녕"), " 안  녕 ");
}
