//! The account behind `tests/screenshot`: run with `--ignored screenshot_fixture`. It
//! starts the harness Dovecot, seeds a realistic INBOX and Sent, writes accounts.toml
//! into $TERN_SCREENSHOT_DIR/config, syncs the cache with `tern sync`, prints the
//! environment to run `tern` with, and keeps the server up until
//! $TERN_SCREENSHOT_DIR/done exists (or ten minutes pass).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tern::config::{Config, Security};

use crate::support::dovecot::{Dovecot, SeedMessage};
use crate::support::seed;

/// `Tue, 14 May 2024 09:41:00 +0000` for a Unix time.
fn rfc2822(t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = tern::ui::format::civil(t.div_euclid(86_400));
    let secs = t.rem_euclid(86_400);
    format!(
        "{}, {d} {} {y} {:02}:{:02}:{:02} +0000",
        DAYS[t.div_euclid(86_400).rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Spreads `messages` over the last weeks (arrival dates), newest last.
fn recent(messages: impl Iterator<Item = SeedMessage>, now: i64, step: i64) -> Vec<SeedMessage> {
    let mut v: Vec<SeedMessage> = messages.collect();
    let n = v.len() as i64;
    for (i, m) in v.iter_mut().enumerate() {
        m.date = now - (n - i as i64) * step;
    }
    v
}

/// The newest message: what the reader shows in the screenshot.
fn showcase(date: i64) -> SeedMessage {
    let pdf = "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK";
    let mut ics = String::new();
    for _ in 0..8 {
        let _ = write!(
            ics,
            "QkVHSU46VkNBTEVOREFSDQpWRVJTSU9OOjIuMA0KRU5EOlZDQUxFTkRBUg0K\r\n"
        );
    }
    let raw = format!(
        "From: Alice Martin <alice@example.org>\r\n\
         To: Screenshot <shot@example.org>\r\n\
         Cc: Bob Keller <bob@example.net>\r\n\
         Subject: Flight itinerary for the Lisbon offsite\r\n\
         Date: {date_header}\r\n\
         Message-ID: <showcase@seed.tern.test>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
         --outer\r\n\
         Content-Type: text/html; charset=UTF-8\r\n\r\n\
         <html><body><p>Hi all,</p>\
         <p>here is the <strong>final itinerary</strong> for next week. We fly out on \
         <em>Monday at 7:40</em> from Terminal 1 and land in Lisbon at 10:05 local time.</p>\
         <ul><li>Hotel: Casa do Rio, three nights</li><li>Dinner on Tuesday is booked for 20:00</li>\
         <li>Slides for the planning session are due on Friday</li></ul>\
         <p>The boarding passes and the calendar invitation are attached. \
         Details are also on the <a href=\"https://example.org/offsite\">offsite page</a>.</p>\
         <blockquote><p>Can we get a window seat for Zo\u{eb}?</p></blockquote>\
         <p>Done, row 12. See you at the airport!<br>Alice</p>\
         <img src=\"https://tracker.example.com/pixel.gif\"></body></html>\r\n\
         --outer\r\n\
         Content-Type: application/pdf; name=\"boarding-passes.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"boarding-passes.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{pdf}\r\n\
         --outer\r\n\
         Content-Type: text/calendar; name=\"offsite.ics\"\r\n\
         Content-Disposition: attachment; filename=\"offsite.ics\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{ics}\
         --outer--\r\n",
        date_header = rfc2822(date)
    );
    SeedMessage {
        raw: raw.into_bytes(),
        maildir_flags: String::new(),
        date,
    }
}

#[test]
#[ignore = "run by tests/screenshot"]
fn screenshot_fixture() {
    let Some(dir) = std::env::var_os("TERN_SCREENSHOT_DIR").map(PathBuf::from) else {
        eprintln!("set TERN_SCREENSHOT_DIR");
        return;
    };
    let server = Dovecot::shared();
    let user = server.user("shot");
    let now = tern::ui::format::now();
    let inbox = recent(seed::messages(7, 0, 480), now - 1800, 5400);
    server.seed(&user, "INBOX", inbox.into_iter().chain([showcase(now - 600)]));
    server.seed(&user, "Sent", recent(seed::messages(8, 0, 60), now, 86_400));
    server.seed(
        &user,
        "Archive",
        recent(seed::messages(9, 0, 120), now - 30 * 86_400, 86_400),
    );
    server.seed(&user, "Projects", recent(seed::messages(10, 0, 25), now, 43_200));
    server.seed(
        &user,
        "Projects/Offsite",
        recent(seed::messages(11, 0, 12), now, 43_200),
    );

    let mut account = crate::sync::account(server, &user, Security::Tls);
    account.name = "Work".into();
    account.email = "shot@example.org".into();
    let config_dir = dir.join("config");
    let data_dir = dir.join("data");
    Config {
        accounts: vec![account],
    }
    .save(&config_dir.join("accounts.toml"))
    .expect("accounts.toml");
    let tern = std::env::var_os("TERN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| "target/release/tern".into());
    let status = std::process::Command::new(&tern)
        .arg("sync")
        .env("TERN_CONFIG_DIR", &config_dir)
        .env("TERN_DATA_DIR", &data_dir)
        .status()
        .expect("run tern sync");
    assert!(status.success(), "tern sync failed");
    println!("TERN_CONFIG_DIR={}", config_dir.display());
    println!("TERN_DATA_DIR={}", data_dir.display());
    std::fs::write(dir.join("ready"), "").expect("ready file");
    let deadline = Instant::now() + Duration::from_secs(600);
    while !dir.join("done").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A quick look without a display: the main window drawn by the simulator into
/// $TERN_PREVIEW (a path without extension; the file is written when missing).
#[test]
#[ignore = "writes a preview image; for people tuning the look"]
fn preview() {
    let Some(out) = std::env::var_os("TERN_PREVIEW").map(PathBuf::from) else {
        return;
    };
    let server = Dovecot::shared();
    let user = server.user("preview");
    let now = tern::ui::format::now();
    let inbox = recent(seed::messages(7, 0, 60), now - 1800, 5400);
    server.seed(&user, "INBOX", inbox.into_iter().chain([showcase(now - 600)]));
    server.seed(&user, "Projects", seed::messages(10, 0, 5));
    server.seed(&user, "Projects/Offsite", seed::messages(11, 0, 3));
    let mut account = crate::sync::account(server, &user, Security::Tls);
    account.name = "Work".into();
    let mut h = super::Harness::with_accounts(&[account]);
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 61
    });
    h.pump_until(30, "synced", |app| app.mailbox.statuses[0].progress.is_none());
    h.send(tern::ui::Message::Mailbox(
        tern::ui::screen::mailbox::Message::List(tern::ui::screen::mailbox::list::Message::Nav(
            tern::ui::screen::mailbox::list::Nav::Down,
        )),
    ));
    h.pump_until(60, "the body", |app| {
        app.mailbox
            .reader
            .open
            .as_ref()
            .is_some_and(|o| matches!(o.body, tern::ui::screen::mailbox::reader::Body::Ready(_)))
    });
    shoot(&h.app, &out.with_file_name("preview-light"));
    h.send(tern::ui::Message::ThemeChanged(iced::theme::Mode::Dark));
    shoot(&h.app, &out.with_file_name("preview-dark"));
    // The "Move to…" picker (key m), filtered.
    use tern::ui::screen::mailbox::folder_dialog::Message as FolderMsg;
    h.send(tern::ui::Message::ThemeChanged(iced::theme::Mode::Light));
    for m in [FolderMsg::Move, FolderMsg::Edit("proj".into())] {
        h.send(tern::ui::Message::Mailbox(
            tern::ui::screen::mailbox::Message::FolderDialog(m),
        ));
    }
    shoot(&h.app, &out.with_file_name("preview-move"));
    let setup = super::Harness::new();
    shoot(&setup.app, &out.with_file_name("preview-setup"));
}

fn shoot(app: &tern::ui::App, path: &std::path::Path) {
    let theme = app.theme();
    let mut ui = super::simulator(app.view());
    let shot = ui.snapshot(&theme).expect("snapshot");
    let _ = std::fs::remove_file(path.with_file_name(format!(
        "{}-tiny-skia.png",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("preview")
    )));
    assert!(shot.matches_image(path).expect("write"));
}
