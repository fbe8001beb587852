//! Real corpus newsletters and a reply in the real `tern` window under Xvfb (issue 12,
//! item 4): each message must draw a body in the reader pane, and every message must
//! look different. With TERN_SCREENSHOT_OUT set the frames are written there as PNGs
//! (resources/screenshots/html-*.png were made this way and looked at).

use std::time::Duration;

use tern::config::{Config, Security};

use crate::support::dovecot::{Dovecot, SeedMessage};
use crate::support::xvfb::{self, Display};

/// Corpus messages with HTML bodies: two newsletters (remote images, lists, layout
/// tables) and a reply with an inline image and quoted history.
const MESSAGES: [&str; 3] = [
    "messages/deltachat-core/wrong-html.eml",
    "messages/ruby-mail/error_emails__content_transfer_encoding_with_8bits.eml",
    "messages/spamassassin/welcomelists__winxpnews.com.eml",
];

/// The reader pane on a 1280x800 screen (right of the list).
const READER: (u32, u32, u32, u32) = (700, 80, 1270, 780);

#[test]
fn corpus_html_messages_draw_in_the_real_window() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let server = Dovecot::shared();
    let user = server.user("htmlshot");
    let now = tern::ui::format::now();
    let seeds = MESSAGES.iter().enumerate().map(|(i, path)| SeedMessage {
        raw: std::fs::read(crate::mime::repo().join("tests/corpus").join(path)).expect("corpus file"),
        maildir_flags: String::new(),
        date: now - 3600 * (10 - i as i64),
    });
    server.seed(&user, "INBOX", seeds);
    let dir = tempfile::tempdir().expect("tempdir");
    let account = crate::sync::account(server, &user, Security::Tls);
    Config {
        accounts: vec![account],
    }
    .save(&dir.path().join("config/accounts.toml"))
    .expect("accounts.toml");
    let status = std::process::Command::new(xvfb::tern_binary())
        .arg("sync")
        .env("TERN_CONFIG_DIR", dir.path().join("config"))
        .env("TERN_DATA_DIR", dir.path().join("data"))
        .status()
        .expect("run tern sync");
    assert!(status.success(), "tern sync failed");

    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    // Let the first frames settle (fonts, layout, the list).
    std::thread::sleep(Duration::from_secs(3));
    let out = std::env::var_os("TERN_SCREENSHOT_OUT").map(std::path::PathBuf::from);
    let empty = display.screenshot(None);
    let (x0, y0, x1, y1) = READER;
    let mut shots = Vec::new();
    for (i, _) in MESSAGES.iter().enumerate() {
        display.xdotool(&["key", "Down"]);
        // Liveness, not speed: the body is parsed and drawn in well under a second.
        std::thread::sleep(Duration::from_secs(3));
        let png = out.as_ref().map(|d| d.join(format!("html-window-{i}.png")));
        let shot = display.screenshot(png.as_deref());
        let changed = empty.changed_share(&shot, x0, y0, x1, y1, 24);
        assert!(
            changed > 0.005,
            "message {i}: the reader pane barely changed ({:.2} %)",
            changed * 100.0
        );
        shots.push(shot);
    }
    for i in 1..shots.len() {
        let differs = shots[i - 1].changed_share(&shots[i], x0, y0, x1, y1, 24);
        assert!(
            differs > 0.005,
            "messages {} and {i} look the same in the reader",
            i - 1
        );
    }
}
