//! The study sheet as one self-contained HTML page for print: the markdown rendered by
//! pulldown-cmark, headings given GitHub's ids so the contents' links work, each question wrapped
//! in a block that print keeps on one page, and a small bar of recall on the day beside each
//! question's heading. The CSS sizes nothing to a paper format, so A4 and Letter both fit.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::heading_ids::github_slug;

/// Print and screen styles: no question split across pages, headings kept with what follows,
/// margins that suit A4 and Letter alike, links printed as plain text.
const STYLE: &str = "
@page { margin: 16mm 14mm; }
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h2, h3 { font-family: system-ui, sans-serif; line-height: 1.25; break-after: avoid; page-break-after: avoid; }
section.question { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #ccc; padding-top: .2em; }
.recall { display: inline-block; width: 4.5em; height: .55em; border: 1px solid #444; margin-left: .6em; vertical-align: middle; }
.recall > span { display: block; height: 100%; background: #444; }
.recall-label { font: 8pt system-ui, sans-serif; color: #444; margin-left: .3em; vertical-align: middle; }
ul { padding-left: 1.3em; }
@media print { a { color: inherit; text-decoration: none; } body { margin: 0; max-width: none; } }
";

/// The page: `markdown` is the sheet; `recall` gives, by heading id, each question's predicted
/// recall on the day (`None`: not practised).
pub(super) fn page(title: &str, markdown: &str, recall: &HashMap<String, Option<f64>>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 64);
    let mut in_metadata = false;
    let mut open_section = false;
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let text = heading_text(&events[i..]);
                let id = github_slug(&text);
                if open_section {
                    out.push(Event::Html("</section>\n".into()));
                    open_section = false;
                }
                let question = recall.get(&id);
                if question.is_some() {
                    out.push(Event::Html("<section class=\"question\">\n".into()));
                    open_section = true;
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id.clone())),
                    classes,
                    attrs,
                }));
                if let Some(&recall) = question {
                    // The heading's own text first, then the bar.
                    while i < events.len() && !matches!(events[i], Event::End(TagEnd::Heading(_))) {
                        out.push(events[i].clone());
                        i += 1;
                    }
                    out.push(Event::InlineHtml(bar(recall).into()));
                }
            }
            other => out.push(other),
        }
    }
    if open_section {
        out.push(Event::Html("</section>\n".into()));
    }
    let mut body = String::new();
    html::push_html(&mut body, out.into_iter());
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{body}</body>\n</html>\n",
        html_escape::encode_text(title),
        html_escape::encode_text(title),
    )
}

/// The text of a heading, from the events after its start.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// A small bar of recall on the day, with its percentage; an empty bar for a question not practised.
fn bar(recall: Option<f64>) -> String {
    match recall {
        Some(r) => {
            let percent = (r.clamp(0.0, 1.0) * 100.0).round();
            format!(
                "<span class=\"recall\" title=\"predicted recall on the day\"><span style=\"width: {percent}%\"></span></span><span class=\"recall-label\">{percent}%</span>"
            )
        }
        None => "<span class=\"recall\" title=\"not practised yet\"></span><span class=\"recall-label\">not practised</span>".to_string(),
    }
}
