//! The iced application. Only this module uses iced.
//!
//! `app` routes between the screens (`screen::{setup, mailbox, settings}`) and the
//! account workers (`worker`: one subscription per account and generation). Store
//! reads go through `db` on the blocking pool. User-visible text comes from `fl!`.

pub mod app;
mod app_accounts;
mod app_cert;
pub mod app_compose;
mod app_health;
mod app_more;
pub mod app_notify;
pub mod db;
mod delivery;
pub mod env;
pub mod errors;
pub mod format;
pub mod i18n;
#[cfg(test)]
mod i18n_keys;
pub mod prefs;
pub mod screen;
pub mod secrets;
pub mod theme;
pub mod widget;
pub mod worker;

use std::sync::Arc;

pub use app::{App, Message};
pub use env::Env;

use crate::config::{KeyringStore, Paths};
use crate::core::{ErrorKind, TernError};

/// What the window needs before it opens, read once: the paths and settings.toml's
/// `[ui]` table (`main` looks at `software_renderer` before anything else runs).
pub struct Startup {
    paths: Paths,
    prefs: prefs::Prefs,
}

impl Startup {
    pub fn load() -> Result<Startup, TernError> {
        let paths = Paths::from_env()?;
        let prefs = prefs::Prefs::load(&paths);
        Ok(Startup { paths, prefs })
    }

    /// Whether the user asked for the CPU renderer in settings.
    pub fn software_renderer(&self) -> bool {
        self.prefs.software_renderer
    }
}

/// Opens the window and runs until it is closed.
pub fn run(startup: Startup) -> Result<(), TernError> {
    let Startup { paths, prefs } = startup;
    let window_prefs = prefs.clone();
    let env = Env::new(paths, Arc::new(KeyringStore));
    let mut app = iced::application(
        move || App::with_prefs(env.clone(), window_prefs.clone()),
        App::update,
        App::view,
    )
    .title(App::title)
    .theme(App::theme)
    .subscription(App::subscription)
    .default_font(theme::REGULAR)
    .window(iced::window::Settings {
        size: iced::Size::new(prefs.window_width, prefs.window_height),
        min_size: Some(iced::Size::new(640.0, 420.0)),
        icon: theme::icon::window_icon(),
        exit_on_close_request: false,
        #[cfg(all(unix, not(target_os = "macos")))]
        platform_specific: iced::window::settings::PlatformSpecific {
            // The desktop file's basename (packaging/linux/org.tern.Tern.desktop).
            application_id: "org.tern.Tern".into(),
            ..Default::default()
        },
        ..iced::window::Settings::default()
    });
    for font in theme::FONT_FILES {
        app = app.font(font);
    }
    app.run()
        .map_err(|e| TernError::new(ErrorKind::Config, format!("The window could not be opened: {e}")))
}
