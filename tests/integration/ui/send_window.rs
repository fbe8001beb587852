//! Writing and sending a message as a person would (issue "Write mail"): the real
//! `tern` window under Xvfb against the harness Dovecot with its submission chain.
//! Ctrl+N, type the recipient, Tab to the subject, Tab to the text, Ctrl+Enter: the
//! message arrives in the recipient's INBOX and its copy is filed in Sent.
//! Screenshots go to $TERN_SCREENSHOT_OUT when set.

use std::path::PathBuf;
use std::time::Duration;

use tern::config::{Config, Security};

use super::paths;
use crate::send::{address, sending_account, wait_for_messages};
use crate::support::dovecot::Dovecot;
use crate::support::seed;
use crate::support::xvfb::{self, Display};

#[test]
fn a_message_written_in_the_window_arrives() {
    if !xvfb::available() {
        eprintln!("skipped: needs Xvfb, xdotool and ImageMagick (tests/run installs them)");
        return;
    }
    let server = Dovecot::shared();
    let sender = server.user("winsend");
    let recipient = server.user("winrcpt");
    server.seed(&sender, "INBOX", seed::messages(130, 0, 5));
    let mut account = sending_account(server, &sender, Security::Tls);
    account.name = "Work".into();
    let dir = tempfile::tempdir().expect("tempdir");
    Config {
        accounts: vec![account],
    }
    .save(&paths(dir.path()).accounts_file())
    .expect("accounts.toml");
    let shots = std::env::var_os("TERN_SCREENSHOT_OUT").map(PathBuf::from);
    let shot = |name: &str| shots.as_ref().map(|d| d.join(name));

    let display = Display::start();
    let _app = xvfb::launch(&display, dir.path(), &[]);
    let window = display.wait_window("Inbox");
    display.focus(&window);
    // The composer's title says it is open ("New message – Tern").
    display.press_until_title(&window, "ctrl+n", "New message");
    // The To field has focus when the composer opens; Tab moves on like anywhere else.
    display.type_text(&address(&recipient), 30);
    display.xdotool(&["key", "--window", &window, "Tab"]);
    display.type_text("Greetings from the window", 30);
    // The subject became the title: the keys reached the composer.
    display.wait_window("Greetings from the window");
    display.xdotool(&["key", "--window", &window, "Tab"]);
    display.type_text("Typed by a person, sent with Ctrl+Enter.", 30);
    std::thread::sleep(Duration::from_millis(500));
    display.screenshot(shot("send-window-typed.png").as_deref());
    display.xdotool(&["key", "--window", &window, "ctrl+Return"]);

    // Liveness: delivery normally takes well under a second; the helper waits 30 s.
    let delivered = wait_for_messages(server, &recipient, "INBOX", 1);
    display.screenshot(shot("send-window-sent.png").as_deref());
    assert_eq!(delivered.len(), 1, "the message reached the recipient's INBOX");
    let text = String::from_utf8_lossy(&delivered[0]);
    assert!(text.contains("Subject: Greetings from the window"), "{text}");
    assert!(
        text.contains("Typed by a person, sent with Ctrl+Enter."),
        "{text}"
    );
    assert!(
        text.contains(&format!("From: \"Tern Tester\" <{}>", address(&sender))),
        "{text}"
    );
    // The same bytes are filed in the sender's Sent folder.
    let sent = wait_for_messages(server, &sender, "Sent", 1);
    assert_eq!(sent.len(), 1, "a copy in Sent");
}
