//! Which HTML elements and attributes matter to the converter (`html.rs`): elements
//! whose content is dropped, block elements, and attributes that load a resource.

/// Elements whose content is never shown.
pub(super) fn skips_content(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "head"
            | "title"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "applet"
            | "audio"
            | "video"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "textarea"
            | "button"
            | "map"
            | "noembed"
            | "noframes"
            | "datalist"
            | "option"
            | "xml"
    )
}

pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "aside"
            | "center"
            | "address"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "fieldset"
            | "legend"
            | "caption"
            | "form"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "body"
            | "html"
            | "hgroup"
            | "noscript"
            | "menu"
            | "dir"
    )
}

/// Attributes that make a browser fetch something.
pub(super) fn is_resource_attr(name: &str) -> bool {
    matches!(
        name,
        "src"
            | "srcset"
            | "background"
            | "poster"
            | "data"
            | "codebase"
            | "ping"
            | "action"
            | "formaction"
            | "lowsrc"
            | "dynsrc"
            | "longdesc"
            | "xlink:href"
            | "srcdoc"
            | "manifest"
            | "cite"
    )
}

pub(super) fn looks_remote(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    v.contains("://") || v.starts_with("//") || v.contains("url(") || v.contains("@import")
}
