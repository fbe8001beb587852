//! The block structure the reader shows for every message of the corpus that has HTML, against a
//! golden file: per message the kinds of blocks in order (run-length coded), tables with
//! their rows x columns, images by source scheme, links, quote depths and the folded
//! quoted history. A change in the HTML converter shows up here as a readable diff.
//! Regenerate with `TERN_UPDATE_GOLDEN=1 cargo test --test integration -- mime::html_blocks`.

use std::collections::BTreeMap;

use tern::mime::{Block, BlockKind, BodyFormat, Span};

use super::{repo, timed_parse};

fn kind_code(block: &Block) -> String {
    let quote = if block.quote_depth > 0 {
        format!(">{}", block.quote_depth)
    } else {
        String::new()
    };
    let fold = if block.quoted { "~" } else { "" };
    let kind = match &block.kind {
        BlockKind::Paragraph => "p".to_string(),
        BlockKind::Heading { level } => format!("h{level}"),
        BlockKind::ListItem { depth, .. } => format!("li{depth}"),
        BlockKind::Preformatted => "pre".to_string(),
        BlockKind::Rule => "hr".to_string(),
        BlockKind::Image { src, .. } => {
            let scheme = src.split(':').next().unwrap_or("").to_ascii_lowercase();
            format!("img:{scheme}")
        }
        BlockKind::Table { rows } => {
            let cols = rows.first().map_or(0, Vec::len);
            format!("table{}x{cols}", rows.len())
        }
    };
    format!("{fold}{kind}{quote}")
}

/// "p*3 h2 table4x3 ~p>1*2": kinds in order, equal neighbours counted.
fn structure(blocks: &[Block]) -> String {
    let mut runs: Vec<(String, usize)> = Vec::new();
    for b in blocks {
        let code = kind_code(b);
        match runs.last_mut() {
            Some((last, n)) if *last == code => *n += 1,
            _ => runs.push((code, 1)),
        }
    }
    let mut out: Vec<String> = runs
        .into_iter()
        .map(|(c, n)| if n > 1 { format!("{c}*{n}") } else { c })
        .collect();
    if out.len() > 40 {
        let more = out.len() - 40;
        out.truncate(40);
        out.push(format!("…+{more}"));
    }
    out.join(" ")
}

fn links(blocks: &[Block]) -> usize {
    let in_cells = |b: &Block| -> usize {
        match &b.kind {
            BlockKind::Table { rows } => rows
                .iter()
                .flatten()
                .flatten()
                .filter(|s| matches!(s, Span::Link { .. }))
                .count(),
            _ => 0,
        }
    };
    blocks
        .iter()
        .map(|b| b.spans.iter().filter(|s| matches!(s, Span::Link { .. })).count() + in_cells(b))
        .sum()
}

#[test]
fn html_corpus_block_structure_matches_golden() {
    let manifest = std::fs::read_to_string(repo().join("tests/corpus/MANIFEST.tsv")).expect("manifest");
    let mut lines: BTreeMap<String, String> = BTreeMap::new();
    let (mut tables, mut images, mut folded) = (0, 0, 0);
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let path = line.split('\t').next().expect("path");
        let raw = std::fs::read(repo().join("tests/corpus").join(path)).expect("corpus file");
        let (view, _) = timed_parse(&raw);
        // The shown body when it is HTML, else the HTML alternative of the message
        // (what "Open in browser" and a preference for HTML would show).
        let (blocks, remote) = if view.body_format == BodyFormat::Html {
            (view.blocks, view.remote_content_blocked)
        } else if let Some(html) = &view.html {
            tern::mime::html_to_blocks(html)
        } else {
            continue;
        };
        tables += blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Table { .. }))
            .count();
        images += blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Image { .. }))
            .count();
        folded += usize::from(blocks.iter().any(|b| b.quoted));
        let summary = serde_json::json!({
            "path": path,
            "blocks": blocks.len(),
            "links": links(&blocks),
            "remote": remote,
            "structure": structure(&blocks),
        });
        lines.insert(path.to_string(), summary.to_string());
    }
    eprintln!(
        "html corpus: {} messages with HTML, {tables} grid tables, {images} images, {folded} with folded quoted history",
        lines.len()
    );
    let rendered = format!(
        "[\n{}\n]\n",
        lines.values().cloned().collect::<Vec<_>>().join(",\n")
    );
    let golden = repo().join("tests/integration/mime/golden/html_blocks.json");
    if std::env::var_os("TERN_UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &rendered).expect("write golden");
    }
    // The corpus has real HTML tables, images and replies: the converter must find them.
    assert!(lines.len() >= 100, "only {} HTML messages", lines.len());
    assert!(tables >= 3, "only {tables} grid tables in the corpus");
    assert!(images >= 20, "only {images} images in the corpus");
    assert!(folded >= 3, "only {folded} messages with folded quoted history");

    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with TERN_UPDATE_GOLDEN=1 to create it",
            golden.display()
        )
    });
    let want: Vec<&str> = expected.lines().collect();
    let got: Vec<&str> = rendered.lines().collect();
    let mut report = String::new();
    for line in want.iter().filter(|l| !got.contains(l)).take(20) {
        report.push_str(&format!("- {line}\n"));
    }
    for line in got.iter().filter(|l| !want.contains(l)).take(20) {
        report.push_str(&format!("+ {line}\n"));
    }
    assert!(
        report.is_empty(),
        "HTML block structure differs from {} (TERN_UPDATE_GOLDEN=1 regenerates it after review):\n{report}",
        golden.display()
    );
}
