//! The setup screen with only an address and a password (issue 13 item 2): discovery
//! fills the form, says where the settings came from, and the account reaches its inbox.

use iced_test::selector;
use tern::config::{Config, Security};
use tern::fl;
use tern::ui::Message;
use tern::ui::app::Screen;
use tern::ui::screen::setup::{self, Phase};

use super::world;
use crate::support::seed;
use crate::ui::Harness;

fn form(h: &Harness) -> &setup::Setup {
    let Screen::Setup(s) = &h.app.screen else {
        panic!("setup screen, not {:?}", h.app.screen)
    };
    s
}

#[test]
fn address_and_password_reach_the_inbox() {
    let world = world();
    let user = world.dovecot.user("disc");
    world.dovecot.seed(&user, "INBOX", seed::messages(1300, 0, 4));
    let mut h = Harness::new();
    h.app.env.discover = world.config();
    let address = format!("{}@flow.test", user.name);
    h.ui(|ui| {
        ui.click(selector::id(setup::EMAIL_ID)).expect("email field");
        ui.typewrite(&address);
        ui.click(selector::id(setup::PASSWORD_ID))
            .expect("password field");
        ui.typewrite(&user.password);
    });
    // The harness CA stands in for a public one; this is the only non-address field.
    h.send(Message::Setup(setup::Message::CaFile(
        world.dovecot.ca_file.display().to_string(),
    )));
    h.ui(|ui| ui.click(fl!("setup-connect")).map(|_| ()).expect("Connect"));

    assert!(matches!(h.app.screen, Screen::Mailbox), "{:?}", h.app.screen);
    let (config, _) = Config::load(&h.paths().accounts_file()).expect("accounts.toml");
    let account = &config.accounts[0];
    assert_eq!(
        (
            account.imap.host.as_str(),
            account.imap.port,
            account.imap.username.as_str()
        ),
        ("localhost", world.dovecot.imaps_port, user.name.as_str())
    );
    let smtp = account.smtp.as_ref().expect("SMTP filled too");
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("localhost", world.dovecot.submissions_port, Security::Tls)
    );
    h.start_workers();
    h.pump_until(60, "the inbox", |app| {
        app.mailbox.list.loaded && app.mailbox.list.total == 4
    });
}

#[test]
fn the_form_says_where_the_settings_came_from_and_stays_editable() {
    let world = world();
    let mut h = Harness::new();
    h.app.env.discover = world.config();
    for m in [
        setup::Message::Email("ann@srv.test".into()),
        setup::Message::Password("not checked here".into()),
    ] {
        h.send(Message::Setup(m));
    }
    h.send(Message::Setup(setup::Message::Connect));
    // The login test against mail.srv.test fails (nothing there); the found settings stay.
    let s = form(&h);
    assert!(matches!(s.phase, Phase::Failed(_)), "{:?}", s.phase);
    assert_eq!((s.host.as_str(), s.port.as_str()), ("mail.srv.test", "993"));
    assert_eq!(s.smtp_host, "mail.srv.test");
    let said = fl!("setup-found-srv", domain = "srv.test");
    h.ui(|ui| assert!(ui.find(said.as_str()).is_ok(), "source shown: {said}"));

    // Every field stays editable; typing a host means no new lookup.
    h.send(Message::Setup(setup::Message::Host("127.0.0.1".into())));
    h.send(Message::Setup(setup::Message::Port("9".into())));
    h.send(Message::Setup(setup::Message::Connect));
    let s = form(&h);
    assert_eq!(s.host, "127.0.0.1");
    assert!(matches!(s.phase, Phase::Failed(_)), "{:?}", s.phase);
}

#[test]
fn nothing_found_opens_the_manual_form() {
    let world = world();
    let mut h = Harness::new();
    h.app.env.discover = world.config();
    for m in [
        setup::Message::Email("ann@nowhere.test".into()),
        setup::Message::Password("pw".into()),
        setup::Message::Connect,
    ] {
        h.send(Message::Setup(m));
    }
    let s = form(&h);
    assert_eq!(s.phase, Phase::Editing);
    assert!(s.advanced, "manual form open");
    let said = fl!("setup-found-nothing", domain = "nowhere.test");
    h.ui(|ui| assert!(ui.find(said.as_str()).is_ok(), "{said}"));
}
