//! "Open in browser": the message's HTML, sanitised (`mime::sanitized_html`: no
//! scripts, forms, handlers or remote content), written to the message's folder under
//! the opened-files directory and handed to the default browser. `cid:` images point to
//! inline parts already in that folder (saved or opened before); others are left out.

use std::collections::HashMap;
use std::path::PathBuf;

use iced::Task;

use super::reader::{Body, Message, Opened};
use crate::core::{ErrorKind, TernError};
use crate::files::open_with_default_app;
use crate::ui::Env;

/// File name of the page in the message's folder.
const PAGE_NAME: &str = "message.html";

/// The task that opens the shown message's HTML in the browser (None without HTML).
pub fn open_task(o: &Opened, env: &Env) -> Option<Task<Message>> {
    let Body::Ready(view) = &o.body else {
        return None;
    };
    let html = view.html.clone()?;
    let inline = view
        .inline_parts()
        .filter_map(|p| Some((p.content_id.clone()?, p.safe_filename.clone())))
        .collect();
    let dir = env.opened_dir().join(o.id.to_string());
    Some(Task::perform(
        open_in_browser(html, inline, dir.clone()),
        move |r| Message::Opened(r.map(|_| ()), dir.clone()),
    ))
}

/// Writes and opens the page on the blocking pool; returns its path.
pub async fn open_in_browser(
    html: String,
    inline: Vec<(String, String)>,
    dir: PathBuf,
) -> Result<PathBuf, TernError> {
    tokio::task::spawn_blocking(move || {
        let page = write_page(&html, &inline, &dir)?;
        open_with_default_app(&page, true)?;
        Ok(page)
    })
    .await
    .map_err(|e| TernError::new(ErrorKind::Filesystem, e.to_string()))?
}

/// The sanitised page written to `dir` (created if needed). `inline` lists
/// (Content-ID, file name) of the message's inline parts.
pub fn write_page(
    html: &str,
    inline: &[(String, String)],
    dir: &std::path::Path,
) -> Result<PathBuf, TernError> {
    let failed = |e: std::io::Error| {
        TernError::new(
            ErrorKind::Filesystem,
            format!(
                "Could not write the page for the browser in {}: {e}",
                dir.display()
            ),
        )
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let files: HashMap<String, String> = inline
        .iter()
        .filter(|(_, name)| dir.join(name).is_file())
        .cloned()
        .collect();
    let page = crate::mime::sanitized_html(html, &files, false);
    let path = dir.join(PAGE_NAME);
    std::fs::write(&path, page).map_err(failed)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_uses_inline_parts_present_in_the_folder() {
        let dir = std::env::temp_dir().join(format!("tern-browser-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("logo.png"), b"png").unwrap();
        let inline = vec![
            ("logo@x".to_string(), "logo.png".to_string()),
            ("gone@x".to_string(), "gone.png".to_string()),
        ];
        let html = "<img src=cid:logo@x><img src=cid:gone@x><script>x()</script><p onclick=y()>Hi</p>";
        let path = write_page(html, &inline, &dir).unwrap();
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(page.contains("src=\"logo.png\""), "{page}");
        assert!(!page.contains("gone"), "{page}");
        assert!(!page.contains("<script") && !page.contains("onclick"), "{page}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
