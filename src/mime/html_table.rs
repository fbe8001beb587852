//! Which HTML tables are data (shown as a grid with aligned columns) and which are page
//! layout (newsletters build whole pages from nested tables: their cells become ordinary
//! blocks, one after the other).
//!
//! A table is data when it has at least two rows with two or more non-empty cells, no
//! more than [`MAX_COLUMNS`] columns, and its cells hold only short inline text (no
//! nested table, image, list, heading, quote or preformatted text). Everything else is
//! layout. The check looks at no more than [`MAX_NODES_CHECKED`] nodes per table, so
//! deeply nested layout tables cost linear time.

use markup5ever_rcdom::{Handle, NodeData};

use super::html_tree::{Step, attr, element_name, walk};

/// Widest table kept as a grid.
const MAX_COLUMNS: usize = 12;
/// Most cells of a grid.
const MAX_CELLS: usize = 2_000;
/// Longest text of one cell of a grid (longer text is a page column, not a datum).
const MAX_CELL_TEXT: usize = 400;
/// Most nodes looked at to decide (more means layout).
const MAX_NODES_CHECKED: usize = 4_000;

/// A data table's rows, each with the same number of cells (`None` for padding after a
/// short row or under a `colspan`); empty rows and columns are left out. `None` for a
/// layout table.
pub(super) fn data_table(table: &Handle) -> Option<Vec<Vec<Option<Handle>>>> {
    let mut rows: Vec<Vec<Option<Handle>>> = Vec::new();
    let mut cells = 0usize;
    for row in table_rows(table) {
        let mut out: Vec<Option<Handle>> = Vec::new();
        for cell in row.children.borrow().iter() {
            if !matches!(element_name(cell), Some("td" | "th")) {
                continue;
            }
            out.push(Some(cell.clone()));
            let span = attr(cell, "colspan")
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_COLUMNS + 1);
            out.extend(std::iter::repeat_n(None, span - 1));
            if out.len() > MAX_COLUMNS {
                return None;
            }
        }
        cells += out.len();
        if cells > MAX_CELLS {
            return None;
        }
        rows.push(out);
    }
    let mut budget = MAX_NODES_CHECKED;
    let mut filled: Vec<Vec<bool>> = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut flags = Vec::with_capacity(row.len());
        for cell in row {
            flags.push(match cell {
                Some(c) => inline_cell(c, &mut budget)?,
                None => false,
            });
        }
        filled.push(flags);
    }
    let wide_rows = filled
        .iter()
        .filter(|r| r.iter().filter(|f| **f).count() >= 2)
        .count();
    if wide_rows < 2 {
        return None;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let used: Vec<bool> = (0..columns)
        .map(|i| filled.iter().any(|r| r.get(i).copied().unwrap_or(false)))
        .collect();
    let grid = rows
        .into_iter()
        .zip(&filled)
        .filter(|(_, f)| f.iter().any(|x| *x))
        .map(|(mut row, _)| {
            row.resize(columns, None);
            row.into_iter()
                .zip(&used)
                .filter(|(_, u)| **u)
                .map(|(c, _)| c)
                .collect()
        })
        .collect();
    Some(grid)
}

/// The `<tr>`s of a table (directly or in thead/tbody/tfoot), not those of nested tables.
fn table_rows(table: &Handle) -> Vec<Handle> {
    let mut rows = Vec::new();
    for child in table.children.borrow().iter() {
        match element_name(child) {
            Some("tr") => rows.push(child.clone()),
            Some("thead" | "tbody" | "tfoot") => rows.extend(
                child
                    .children
                    .borrow()
                    .iter()
                    .filter(|r| element_name(r) == Some("tr"))
                    .cloned(),
            ),
            _ => {}
        }
    }
    rows
}

/// Whether the cell has visible text (`Some(true)`), is empty (`Some(false)`), or holds
/// layout content (`None`).
fn inline_cell(cell: &Handle, budget: &mut usize) -> Option<bool> {
    let mut layout = false;
    let mut text = 0usize;
    walk(cell, |step| {
        let Step::Enter(node) = step else {
            return true;
        };
        if layout {
            return false;
        }
        if *budget == 0 {
            layout = true;
            return false;
        }
        *budget -= 1;
        match &node.data {
            NodeData::Text { contents } => {
                text += contents.borrow().trim().chars().count();
                layout = text > MAX_CELL_TEXT;
                false
            }
            NodeData::Element { name, .. } => {
                let name = &*name.local;
                layout = matches!(
                    name,
                    "table"
                        | "img"
                        | "ul"
                        | "ol"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "blockquote"
                        | "pre"
                        | "hr"
                );
                !layout && !super::html_elements::skips_content(name)
            }
            _ => false,
        }
    });
    (!layout).then_some(text > 0)
}
