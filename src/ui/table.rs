//! Tables for the terminal: a header row, columns aligned by display width, the last one cut to fit.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::ui::lookup::Layout;
use crate::ui::style::Role;
use crate::ui::text::{sanitize, truncate};

/// Which side of its column a cell keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One column: its heading, alignment, and how its cells look.
#[derive(Debug, Clone)]
pub struct Column {
    pub heading: Cow<'static, str>,
    pub align: Align,
    pub role: Option<Role>,
}

impl Column {
    pub fn left(heading: impl Into<Cow<'static, str>>) -> Self {
        Column {
            heading: heading.into(),
            align: Align::Left,
            role: None,
        }
    }

    pub fn right(heading: impl Into<Cow<'static, str>>) -> Self {
        Column {
            heading: heading.into(),
            align: Align::Right,
            role: None,
        }
    }

    #[must_use]
    pub fn painted(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }
}

/// A table of text cells, drawn with [`Table::render`].
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    indent: usize,
}

const GAP: &str = "  ";

impl Table {
    pub fn new(columns: Vec<Column>) -> Self {
        Table {
            columns,
            rows: Vec::new(),
            indent: 0,
        }
    }

    /// Starts every line with this many spaces.
    #[must_use]
    pub fn indented(mut self, indent: usize) -> Self {
        self.indent = indent;
        self
    }

    /// Adds a row; its cells are made harmless and kept to one line.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|c| sanitize(&c).replace('\n', " "))
            .collect();
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The header and every row, columns aligned by display width. On a terminal the last column
    /// is cut to the width; off one nothing is cut. No line ends in padding.
    pub fn render(&self, layout: Layout) -> String {
        let cell = |row: &[String], i: usize| row.get(i).map_or(String::new(), Clone::clone);
        let last = self.columns.len().saturating_sub(1);
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| cell(r, i).width())
                    .chain([self.columns[i].heading.width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let fixed: usize =
            self.indent + widths[..last].iter().map(|w| w + GAP.len()).sum::<usize>();
        let painter = layout.painter;
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| c.heading.to_string()).collect();
        let lines =
            std::iter::once((true, header)).chain(self.rows.iter().map(|r| (false, r.clone())));
        for (is_header, row) in lines {
            let mut line = " ".repeat(self.indent);
            for (i, column) in self.columns.iter().enumerate() {
                let mut text = cell(&row, i);
                if i == last
                    && let Some(width) = layout.width
                {
                    text = truncate(&text, width.saturating_sub(fixed).max(8));
                }
                let pad = " ".repeat(widths[i].saturating_sub(text.width()));
                let painted = match (is_header, column.role) {
                    (true, _) => painter.paint(&text, Role::Label),
                    (false, Some(role)) => painter.paint(&text, role),
                    (false, None) => text,
                };
                match column.align {
                    Align::Right => {
                        let _ = write!(line, "{pad}{painted}");
                    }
                    Align::Left if i == last => line.push_str(&painted),
                    Align::Left => {
                        let _ = write!(line, "{painted}{pad}");
                    }
                }
                if i != last {
                    line.push_str(GAP);
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::style::Painter;

    fn table() -> Table {
        let mut table = Table::new(vec![
            Column::left("ID"),
            Column::right("RECALL"),
            Column::left("QUESTION"),
        ]);
        table.row(vec![
            "日本".into(),
            "5%".into(),
            "A question that is rather long".into(),
        ]);
        table.row(vec!["threat".into(), "100%".into(), "Short".into()]);
        table
    }

    #[test]
    fn aligned_by_display_width() {
        let plain = Layout {
            width: None,
            painter: Painter::PLAIN,
        };
        assert_eq!(
            table().render(plain),
            "ID      RECALL  QUESTION\n\
             日本        5%  A question that is rather long\n\
             threat    100%  Short\n"
        );
    }

    #[test]
    fn the_last_column_is_cut_on_a_terminal_only() {
        let narrow = Layout {
            width: Some(30),
            painter: Painter::PLAIN,
        };
        let text = table().render(narrow);
        assert!(text.lines().all(|l| l.width() <= 30), "{text}");
        assert!(text.contains("A question th…"), "{text}");
    }
}
