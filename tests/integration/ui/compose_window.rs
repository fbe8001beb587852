//! Drafts are never lost (issue "Write mail", item 8), with the real `tern` window
//! under Xvfb: a person opens the composer with Ctrl+N and types; once the autosave has
//! landed the process is killed with SIGKILL. At the next start the draft is there,
//! whole, and the composer shows it again. Screenshots go to $TERN_SCREENSHOT_OUT when set.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tern::config::{AccountConfig, Config, ImapConfig, Security, SmtpConfig};
use tern::engine::drafts;

use super::paths;
use crate::support::xvfb::{self, Display};

fn offline_account() -> AccountConfig {
    AccountConfig {
        signature: "Ann at work".into(),
        display_name: "Ann Example".into(),
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: 9,
            security: Security::Tls,
            ..SmtpConfig::default()
        }),
        name: "Work".into(),
        email: "ann@example.org".into(),
        imap: ImapConfig {
            host: "127.0.0.1".into(),
            port: 9,
            security: Security::Tls,
            username: "ann".into(),
            password_command: Some("echo x".into()),
            ca_file: None,
            auth: Default::default(),
            oauth: None,
        },
        pinned: Default::default(),
    }
}

/// Waits until `check` holds for the drafts left open; liveness: a save normally lands
/// within ~1.3 s of the last key; allow 30 s for a loaded machine before failing.
fn wait_for_draft(
    cache: &std::path::Path,
    check: impl Fn(&tern::core::Draft) -> bool,
) -> Option<tern::core::Draft> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(list) = drafts::left_open(cache)
            && let Some(d) = list.into_iter().find(|d| check(d))
        {
            return Some(d);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_draft_typed_in_the_window_survives_kill_9() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = paths(dir.path());
    Config {
        accounts: vec![offline_account()],
    }
    .save(&paths.accounts_file())
    .expect("accounts.toml");
    let cache = paths.cache_db();
    let shots = std::env::var_os("TERN_SCREENSHOT_OUT").map(PathBuf::from);
    let shot = |name: &str| shots.as_ref().map(|d| d.join(name));

    let display = Display::start();
    let mut app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Tern");
    display.focus(&window);
    display.press_until_title(&window, "ctrl+n", "New message");
    // The To field has focus when the composer opens.
    display.type_text("bob@example.org", 40);
    display.screenshot(shot("compose-open.png").as_deref());
    // The first line of the body, above the signature.
    display.click_at(640, 165);
    let text = "Dear Bob, the draft must survive a crash.";
    display.type_text(text, 40);
    // The autosave lands ~1.3 s after the last key; polling for it (not a fixed sleep)
    // keeps a loaded machine from killing the app before it saved.
    let saved = wait_for_draft(&cache, |d| d.body.contains(text));
    assert!(
        saved.is_some(),
        "the typed text is saved within the liveness limit"
    );
    display.screenshot(shot("compose-typed.png").as_deref());
    app.kill9();

    // Everything typed before the kill is on disk, marked as still open.
    let left = drafts::left_open(&cache).expect("drafts");
    assert_eq!(left.len(), 1, "one draft, no duplicates: {left:?}");
    let draft = &left[0];
    assert_eq!(draft.to, vec!["bob@example.org".to_string()]);
    assert!(draft.body.contains(text), "typed text kept: {:?}", draft.body);
    assert!(
        draft.body.contains("Ann at work"),
        "with the signature: {:?}",
        draft.body
    );
    assert_eq!(draft.account, "Work");

    // The next start offers it again in the composer; typing goes on in the same draft.
    let _again = xvfb::launch(&display, dir.path(), &[]);
    // The draft left open comes back in the composer ("New message – Tern").
    let window = display.wait_window("New message");
    display.focus(&window);
    std::thread::sleep(Duration::from_secs(2));
    display.screenshot(shot("compose-reopened.png").as_deref());
    // Below the text in the body (a notice now sits above the fields): the cursor
    // goes to the end of the text.
    display.click_at(640, 560);
    display.type_text(" More.", 40);
    let grown = wait_for_draft(&cache, |d| d.body.contains("More."));
    let grown = grown.expect("the reopened draft is saved again within the liveness limit");
    assert_eq!(grown.id, draft.id, "the same draft row, not a copy");
    assert_eq!(drafts::drafts(&cache).expect("drafts").len(), 1);
}
