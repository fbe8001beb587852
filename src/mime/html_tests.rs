//! Tests of the HTML converter (`html.rs`).
use super::*;
use crate::mime::view::render_blocks;

fn text_of(html: &str) -> String {
    render_blocks(&html_to_blocks(html).blocks)
}

#[test]
fn structure() {
    let html = "<html><head><title>T</title><style>p{color:red}</style></head><body>\
        <h1>Title</h1><p>Hello <b>bold</b> and <i>it</i> and <code>x()</code>.</p>\
        <ul><li>one</li><li>two</li></ul><ol start=3><li>three</li></ol>\
        <blockquote><p>quoted</p><blockquote>deeper</blockquote></blockquote>\
        <pre>  a\n   b</pre><hr><p>end<br>line</p></body></html>";
    let view = html_to_blocks(html);
    assert_eq!(
        render_blocks(&view.blocks),
        "Title\n\nHello bold and it and x().\n\n• one\n• two\n3. three\n\n> quoted\n\n\
         > > deeper\n\n  a\n   b\n\n----------\n\nend\nline"
    );
    assert!(matches!(view.blocks[0].kind, BlockKind::Heading { level: 1 }));
    assert!(
        view.blocks[1]
            .spans
            .contains(&Span::Strong { text: "bold".into() })
    );
    assert!(
        view.blocks[1]
            .spans
            .contains(&Span::Emphasis { text: "it".into() })
    );
    assert!(view.blocks[1].spans.contains(&Span::Code { text: "x()".into() }));
    assert!(!view.remote_content);
}

/// Fuzzing found: a link left open across blocks copied its target into every
/// block, so the output grew hundreds of times larger than the HTML.
/// An unclosed `<a>` is re-opened by the parser in every following list item; each empty
/// copy spelled out the long target again (fuzzing: 37 KB of text from 5.5 KB of HTML).
#[test]
fn a_reopened_empty_link_shows_its_target_at_most_three_times() {
    let target = format!("https://example.org/{}", "y".repeat(1500));
    let html = format!("<p><a href=\"{target}\"></p>{}", "<li><img>".repeat(40));
    let rendered = text_of(&html);
    assert!(
        rendered.len() <= 4 * html.len() + 64,
        "{} bytes rendered from {} bytes of HTML",
        rendered.len(),
        html.len()
    );
    assert_eq!(rendered.matches(&target).count(), 3, "{rendered}");
}

#[test]
fn an_open_link_does_not_copy_its_target_into_every_block() {
    let target = format!("https://example.org/{}", "x".repeat(2000));
    let html = format!("<a href=\"{target}\">{}", "<p>a".repeat(1000));
    let converted = html_to_blocks(&html);
    let rendered = render_blocks(&converted.blocks);
    assert!(
        rendered.len() <= 2 * html.len(),
        "{} bytes rendered from {} bytes of HTML",
        rendered.len(),
        html.len()
    );
    // The first block is still the link, the rest is plain text.
    let first = &converted.blocks[0].spans[0];
    assert!(matches!(first, Span::Link { target: t, .. } if *t == target));
    assert_eq!(converted.blocks.len(), 1000);
    // A link whose text comes after a block start keeps working.
    let converted = html_to_blocks("<a href=\"https://x.org/\"><div>Click</div></a>");
    assert!(matches!(&converted.blocks[0].spans[0], Span::Link { text, .. } if text == "Click"));
}

#[test]
fn links_show_targets_and_unsafe_schemes_are_dropped() {
    let view = html_to_blocks(
        "<a href='https://example.org/x'>site</a> <a href='javascript:alert(1)'>js</a> \
         <a href=\"mailto:a@b.example\">mail</a><a href='http://i.example/'><img src=cid:x></a>",
    );
    let spans: Vec<&Span> = view.blocks.iter().flat_map(|b| &b.spans).collect();
    assert!(spans.contains(&&Span::Link {
        text: "site".into(),
        target: "https://example.org/x".into()
    }));
    assert!(
        !spans
            .iter()
            .any(|s| matches!(s, Span::Link { target, .. } if target.contains("javascript")))
    );
    assert_eq!(
        render_blocks(&view.blocks),
        "site <https://example.org/x> js mail <mailto:a@b.example>\n\n[image]"
    );
}

#[test]
fn comments_scripts_forms_are_dropped() {
    let t = text_of(
        "a<!-- secret --> b<script>var s='</p>';</script> c<style>x</style>\
         <form action=x>d<input value=v><select><option>o</option></select>\
         <textarea>t</textarea><button>btn</button></form>e<!-- unterminated",
    );
    assert_eq!(t, "a b c\n\nd\n\ne");
}

#[test]
fn unterminated_tag_swallows_nothing() {
    let v = html_to_blocks("before <img src=\"http://127.0.0.1:9/");
    assert_eq!(render_blocks(&v.blocks), "before");
    assert!(v.remote_content || v.blocks.len() == 1);
    let v = html_to_blocks("\">after");
    assert_eq!(render_blocks(&v.blocks), "\">after");
}

#[test]
fn alt_text_is_shown_without_urls() {
    assert_eq!(text_of("<img alt='Logo' src='cid:1'>"), "[Logo]");
    assert_eq!(text_of("<img alt='http://evil.example/x'>"), "");
}

#[test]
fn tolerant_of_garbage() {
    for html in [
        "<",
        "<<<>>>",
        "</",
        "<a",
        "<a href=",
        "<a href='x",
        "</b></b></ul></li>",
        "&#",
        "<p<p<p>",
        "<!",
        "<!--",
        "<?x",
        "<ul><li><ul><li>x",
    ] {
        let _ = html_to_blocks(html);
    }
    // Below the parser's nesting cut, quotes deeper than MAX_NESTING show at that level.
    let deep = "<blockquote>".repeat(1_500) + "x";
    let v = html_to_blocks(&deep);
    assert_eq!(v.blocks[0].quote_depth, MAX_NESTING);
    // Beyond it, the rest of the input is dropped, never completed.
    let deeper = "<blockquote>".repeat(10_000) + "x";
    assert!(html_to_blocks(&deeper).blocks.is_empty());
}

fn kinds(html: &str) -> Vec<BlockKind> {
    html_to_blocks(html).blocks.into_iter().map(|b| b.kind).collect()
}

fn cell_texts(kind: &BlockKind) -> Vec<Vec<String>> {
    let BlockKind::Table { rows } = kind else {
        panic!("not a table: {kind:?}");
    };
    rows.iter()
        .map(|r| r.iter().map(|c| c.iter().map(Span::render).collect()).collect())
        .collect()
}

/// HTML5 recovery: implied end tags, misnested formatting, text in tables moved in
/// front of the table (foster parenting), unclosed cells and rows.
#[test]
fn html5_recovery_rules() {
    assert_eq!(text_of("<p>one<p>two<li>three"), "one\n\ntwo\n\n• three");
    assert_eq!(text_of("<b>bold <i>both</b> it</i> plain"), "bold both it plain");
    let v = html_to_blocks("<b>bold <i>both</b> it</i>");
    assert!(v.blocks[0].spans.contains(&Span::Strong {
        text: "bold both".into()
    }));
    assert!(v.blocks[0].spans.contains(&Span::Emphasis { text: " it".into() }));
    assert_eq!(
        text_of("<table>stray<tr><td>a</table>after"),
        "stray\n\na\n\nafter"
    );
    let k = kinds("<table><tr><td>a<td>b<tr><td>c<td>d</table>");
    assert_eq!(cell_texts(&k[0]), [["a", "b"], ["c", "d"]]);
    // Named references beyond any hand-written table, and one without its semicolon.
    assert_eq!(
        text_of("&fjlig; &Eacute;t&eacute; &copy 2024 &NotANamedOne;"),
        "fj Été © 2024 &NotANamedOne;"
    );
}

#[test]
fn data_tables_become_grids_and_layout_tables_blocks() {
    let receipt = "<table><tr><th>Item</th><th>Qty</th><th></th><th>Price</th></tr>\
        <tr><td>Tea</td><td>2</td><td></td><td><b>4.00</b></td></tr>\
        <tr><td></td><td></td><td></td><td></td></tr>\
        <tr><td colspan=3>Total</td><td>4.00</td></tr></table>";
    let k = kinds(receipt);
    assert_eq!(k.len(), 1);
    // The empty spacer column and row are gone, the colspan pads its row.
    assert_eq!(
        cell_texts(&k[0]),
        [
            ["Item", "Qty", "Price"],
            ["Tea", "2", "4.00"],
            ["Total", "", "4.00"]
        ]
    );
    // One column, one cell, or one row of a page layout: ordinary blocks.
    let layout = "<table><tr><td><h1>News</h1></td></tr><tr><td><p>Hello</p><p>World</p></td></tr></table>\
        <table><tr><td>Logo</td><td>View online</td></tr></table>";
    assert_eq!(text_of(layout), "News\n\nHello\n\nWorld\n\nLogo\n\nView online");
    assert!(!kinds(layout).iter().any(|k| matches!(k, BlockKind::Table { .. })));
    // Nested tables make the outer one layout; the inner data table is still a grid.
    let nested = "<table><tr><td>a</td><td><table><tr><td>1</td><td>2</td></tr>\
        <tr><td>3</td><td>4</td></tr></table></td></tr><tr><td>b</td><td>c</td></tr></table>";
    let k = kinds(nested);
    assert_eq!(
        k.iter().filter(|k| matches!(k, BlockKind::Table { .. })).count(),
        1
    );
    let grid = k
        .iter()
        .find(|k| matches!(k, BlockKind::Table { .. }))
        .expect("grid");
    assert_eq!(cell_texts(grid), [["1", "2"], ["3", "4"]]);
    // Links inside cells stay links.
    let k = kinds(
        "<table><tr><td><a href='https://x.example/'>x</a></td><td>1</td></tr><tr><td>y</td><td>2</td></tr></table>",
    );
    let BlockKind::Table { rows } = &k[0] else {
        panic!()
    };
    assert!(matches!(&rows[0][0][0], Span::Link { target, .. } if target == "https://x.example/"));
}

#[test]
fn images_keep_their_source_as_written_and_drop_other_schemes() {
    let v = html_to_blocks(
        "<p>a<img src='cid:logo@x' alt='Logo' width=120 height='40px'>b</p>\
         <img src='https://cdn.example/p.png'><img src='data:image/png;base64,AAAA' alt='inline data'>\
         <img src='https://t.example/pixel.gif' width=1 height=1><img src='file:///etc/passwd'>",
    );
    let images: Vec<&BlockKind> = v
        .blocks
        .iter()
        .map(|b| &b.kind)
        .filter(|k| matches!(k, BlockKind::Image { .. }))
        .collect();
    assert_eq!(
        images,
        [
            &BlockKind::Image {
                src: "cid:logo@x".into(),
                alt: "Logo".into(),
                width: Some(120),
                height: Some(40)
            },
            &BlockKind::Image {
                src: "https://cdn.example/p.png".into(),
                alt: String::new(),
                width: None,
                height: None
            },
        ]
    );
    assert!(v.remote_content);
    assert_eq!(
        render_blocks(&v.blocks),
        "a\n\n[Logo]\n\nb\n\n[image]\n\n[inline data]"
    );
    let v = html_to_blocks("<img src=cid:only>");
    assert!(!v.remote_content, "cid: is part of the message");
}

#[test]
fn remote_content_is_seen_in_dropped_elements_and_styles() {
    for html in [
        "<style>body{background:url(https://t.example/x)}</style>hi",
        "<div style=\"background-image:url('//t.example/x')\">hi</div>",
        "<video poster='https://t.example/p'></video>hi",
        "<meta http-equiv=refresh content='0;url=https://t.example/'>hi",
        "<link rel=stylesheet href='https://t.example/s.css'>hi",
        "<table background='http://t.example/bg.png'><tr><td>hi</td></tr></table>",
    ] {
        assert!(html_to_blocks(html).remote_content, "{html}");
    }
    assert!(!html_to_blocks("<a href='https://x.example/'>a link is no load</a>").remote_content);
}

#[test]
fn quoted_history_from_html_markers_is_folded() {
    let gmail = "<div>Sure.</div><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, Ann wrote:</div>\
        <blockquote class=\"gmail_quote\">Lunch?</blockquote></div>";
    let v = html_to_blocks(gmail);
    let flags: Vec<bool> = v.blocks.iter().map(|b| b.quoted).collect();
    assert_eq!(flags, [false, true, true]);
    let outlook = "<p>Yes.</p><hr><div id=divRplyFwdMsg><b>From:</b> Ann<br><b>Sent:</b> Monday</div>\
        <div>Lunch?</div>";
    let v = html_to_blocks(outlook);
    assert!(!v.blocks[0].quoted);
    assert!(
        v.blocks
            .iter()
            .skip(1)
            .filter(|b| b.kind != BlockKind::Rule)
            .all(|b| b.quoted)
    );
    let apple = "<div>Ok</div><div><br><blockquote type=cite><div>On Mon, Ann wrote:</div><div>Lunch?</div></blockquote></div>";
    let v = html_to_blocks(apple);
    assert_eq!(
        v.blocks.iter().map(|b| b.quoted).collect::<Vec<_>>(),
        [false, true, true]
    );
}

/// html5ever keeps its open elements on the heap and the walk is iterative, so 100,000
/// nested elements neither overflow the stack nor take long (the nesting is cut at
/// `MAX_OPEN_TAGS`); the test thread has the default 2 MiB stack.
#[test]
fn deep_nesting_of_divs_and_tables() {
    for unit in [
        "<div>",
        "<table><tr><td>",
        "<blockquote>",
        "<ul><li>",
        "<b><i><u>",
        "<span>",
    ] {
        let html = unit.repeat(100_000) + "deep text";
        let v = html_to_blocks(&html);
        assert!(v.blocks.iter().all(|b| b.quote_depth <= MAX_NESTING), "{unit}");
        let _ = render_blocks(&v.blocks);
    }
    let html = "<div>x</div>".repeat(100_000);
    assert_eq!(html_to_blocks(&html).blocks.len(), 100_000);
}
