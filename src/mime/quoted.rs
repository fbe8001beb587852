//! Finding the quoted history of a reply, which the reader folds behind "Show quoted
//! text": the run of quoted blocks at the END of the message (a top-posted reply's
//! history), with the attribution line before it ("On … wrote:"). Quotes between the
//! writer's own paragraphs (an inline reply) stay visible: they are the context of the
//! answers. Outlook quotes without `>`: its header block ("From: … Sent: … Subject:",
//! or "-----Original Message-----") starts the history. Nothing is folded when folding
//! would hide the whole message.

use super::view::{Block, BlockKind};

/// Longest attribution line ("On Mon, 1 Jan 2024, Ann <a@b> wrote:").
const MAX_ATTRIBUTION_CHARS: usize = 300;

/// Sets `quoted` on the blocks of the trailing quoted history and clears it elsewhere.
/// On entry `quoted` may mark blocks known to be quotes from the HTML structure.
pub(crate) fn mark_quoted_history(blocks: &mut [Block]) {
    let outlook = blocks
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, b)| b.quote_depth == 0 && is_outlook_header(&b.text()))
        .map(|(i, _)| i);
    let is_quote = |i: usize, b: &Block| {
        b.quoted || b.quote_depth > 0 || outlook.is_some_and(|o| i >= o) || b.kind == BlockKind::Rule
    };
    let mut start = blocks.len();
    while start > 0 && is_quote(start - 1, &blocks[start - 1]) {
        start -= 1;
    }
    // Rules before the history belong to the answer's layout, not to the quote.
    while start < blocks.len() && blocks[start].kind == BlockKind::Rule && !blocks[start].quoted {
        start += 1;
    }
    if start > 0 && start < blocks.len() && is_attribution(&blocks[start - 1]) {
        start -= 1;
    }
    let has_answer = blocks[..start].iter().any(|b| {
        !b.text().trim().is_empty() || matches!(b.kind, BlockKind::Image { .. } | BlockKind::Table { .. })
    });
    let has_history = blocks[start..].iter().any(|b| !b.text().trim().is_empty());
    let fold = has_answer && has_history;
    for (i, block) in blocks.iter_mut().enumerate() {
        block.quoted = fold && i >= start;
    }
}

/// "On … wrote:", "Am … schrieb …:", "Le … a écrit :": a short unquoted line ending in a
/// colon just before the quote.
fn is_attribution(block: &Block) -> bool {
    let text = block.text();
    let text = text.trim();
    block.quote_depth == 0
        && block.kind == BlockKind::Paragraph
        && text.ends_with(':')
        && text.chars().count() <= MAX_ATTRIBUTION_CHARS
}

/// Outlook's header of the message replied to, in English, German or French.
fn is_outlook_header(text: &str) -> bool {
    let text = text.trim_start();
    if text.starts_with("-----Original Message-----")
        || text.starts_with("-----Ursprüngliche Nachricht-----")
        || text.starts_with("-----Message d'origine-----")
    {
        return true;
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let has = |prefixes: &[&str]| lines.iter().any(|l| prefixes.iter().any(|p| l.starts_with(p)));
    let from = lines
        .first()
        .is_some_and(|l| ["From:", "Von:", "De :", "De:"].iter().any(|p| l.starts_with(p)));
    from && has(&["Sent:", "Gesendet:", "Envoyé :", "Envoyé:", "Date:", "Datum:"])
        && has(&["Subject:", "Betreff:", "Objet :", "Objet:"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::view::Span;

    fn para(text: &str, depth: u8) -> Block {
        Block::new(
            BlockKind::Paragraph,
            depth,
            vec![Span::Plain { text: text.into() }],
        )
    }

    fn folded(blocks: &[Block]) -> Vec<bool> {
        let mut blocks = blocks.to_vec();
        mark_quoted_history(&mut blocks);
        blocks.iter().map(|b| b.quoted).collect()
    }

    #[test]
    fn top_posted_history_with_its_attribution_is_folded() {
        let blocks = [
            para("Thanks, see you then.", 0),
            para("On Mon, 1 Jan 2024, Ann <a@b.example> wrote:", 0),
            para("Shall we meet?", 1),
            para("> older", 2),
        ];
        assert_eq!(folded(&blocks), [false, true, true, true]);
    }

    #[test]
    fn inline_answers_keep_their_context_visible() {
        let blocks = [
            para("Question one?", 1),
            para("Answer one.", 0),
            para("Question two?", 1),
            para("Answer two.", 0),
        ];
        assert_eq!(folded(&blocks), [false; 4]);
    }

    #[test]
    fn a_message_that_is_all_quote_is_not_hidden() {
        let blocks = [para("Ann wrote:", 0), para("everything", 1)];
        assert_eq!(folded(&blocks), [false, false]);
    }

    #[test]
    fn outlook_header_starts_the_history() {
        let blocks = [
            para("Fine by me.", 0),
            para("From: Ann\nSent: Monday\nTo: Bob\nSubject: Plan", 0),
            para("Shall we meet?", 0),
        ];
        assert_eq!(folded(&blocks), [false, true, true]);
        let german = [
            para("Passt.", 0),
            para("Von: Ann\nGesendet: Montag\nAn: Bob\nBetreff: Plan", 0),
            para("Treffen?", 0),
        ];
        assert_eq!(folded(&german), [false, true, true]);
        // An ordinary "From:" line in the answer is no header.
        let blocks = [para("Hi", 0), para("From: the shop, with love", 0)];
        assert_eq!(folded(&blocks), [false, false]);
    }

    #[test]
    fn html_marked_quotes_count_as_history() {
        let mut quote = para("Gmail quote without blockquote", 0);
        quote.quoted = true;
        assert_eq!(folded(&[para("Answer", 0), quote]), [false, true]);
    }
}
