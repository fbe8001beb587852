//! What the window remembers between runs: its size, the pane widths and the last folder
//! attachments were saved to, per account. Kept in the `[ui]` table of settings.toml in
//! the config dir; other tables of that file are left as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Paths;
use crate::core::{ErrorKind, TernError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub window_width: f32,
    pub window_height: f32,
    /// Share of the window the folder pane takes (0..1).
    pub folders_ratio: f32,
    /// Share of the rest the message list takes (0..1).
    pub list_ratio: f32,
    /// Body text size in points.
    pub text_size: f32,
    /// Account name -> the folder attachments were last saved to.
    pub save_dirs: BTreeMap<String, PathBuf>,
    /// Seconds after opening a message it is marked read (0 = never).
    pub mark_read_delay: f32,
    /// Follow the desktop, or always light or dark.
    pub theme: ThemeChoice,
    /// Minutes between full syncs of every folder (the open one also gets push).
    pub sync_minutes: u32,
    /// Where attachments are saved when an account has no folder of its own yet
    /// (empty: the Downloads folder, or home when there is none).
    pub save_folder: Option<PathBuf>,
    /// Draw with the CPU (tiny-skia) even where a GPU is available: for broken drivers.
    pub software_renderer: bool,
    /// Names of the accounts whose new mail shows no desktop notification.
    pub quiet_accounts: std::collections::BTreeSet<String>,
    /// The message list shows one row per conversation.
    pub conversations: bool,
}

/// The window's colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// The Downloads folder when it exists, else the home folder.
pub fn downloads_or_home() -> Option<PathBuf> {
    let user = directories::UserDirs::new()?;
    let home = user.home_dir().to_path_buf();
    user.download_dir()
        .map(Path::to_path_buf)
        .filter(|d| d.is_dir())
        .or_else(|| Some(home.join("Downloads")).filter(|d| d.is_dir()))
        .or(Some(home))
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            window_width: 1280.0,
            window_height: 800.0,
            folders_ratio: 0.2,
            list_ratio: 0.42,
            text_size: 15.0,
            save_dirs: BTreeMap::new(),
            mark_read_delay: 1.5,
            theme: ThemeChoice::System,
            sync_minutes: 3,
            save_folder: None,
            software_renderer: false,
            quiet_accounts: std::collections::BTreeSet::new(),
            conversations: true,
        }
    }
}

impl Prefs {
    /// Loads the `[ui]` table; anything missing or unreadable gives the defaults.
    pub fn load(paths: &Paths) -> Prefs {
        let text = std::fs::read_to_string(paths.settings_file()).unwrap_or_default();
        let table: toml::Table = toml::from_str(&text).unwrap_or_default();
        let prefs = table
            .get("ui")
            .cloned()
            .and_then(|ui| ui.try_into::<Prefs>().ok())
            .unwrap_or_default();
        prefs.sanitized()
    }

    /// Clamps values a hand-edited file could break the layout with.
    fn sanitized(mut self) -> Prefs {
        let d = Prefs::default();
        let ok = |v: f32, lo: f32, hi: f32, def: f32| {
            if v.is_finite() && v >= lo && v <= hi {
                v
            } else {
                def
            }
        };
        self.window_width = ok(self.window_width, 480.0, 16_384.0, d.window_width);
        self.window_height = ok(self.window_height, 360.0, 16_384.0, d.window_height);
        self.folders_ratio = ok(self.folders_ratio, 0.05, 0.6, d.folders_ratio);
        self.list_ratio = ok(self.list_ratio, 0.15, 0.85, d.list_ratio);
        self.text_size = ok(self.text_size, 10.0, 32.0, d.text_size);
        self.mark_read_delay = ok(self.mark_read_delay, 0.0, 600.0, d.mark_read_delay);
        self.sync_minutes = self.sync_minutes.clamp(1, 24 * 60);
        self
    }

    /// Whether an account's new mail shows a desktop notification (`quiet_accounts`).
    pub fn notifies(&self, account_name: &str) -> bool {
        !self.quiet_accounts.contains(account_name)
    }

    /// The mark-read delay (zero = never).
    pub fn mark_read_delay(&self) -> std::time::Duration {
        std::time::Duration::try_from_secs_f32(self.mark_read_delay).unwrap_or_default()
    }

    /// How often every folder is synced.
    pub fn sync_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.sync_minutes.max(1)) * 60)
    }

    /// The folder saves start in when an account has none of its own.
    pub fn default_save_dir(&self) -> Option<PathBuf> {
        self.save_folder
            .clone()
            .filter(|d| d.is_dir())
            .or_else(downloads_or_home)
    }

    /// Writes the `[ui]` table back, keeping the rest of settings.toml.
    pub fn save(&self, paths: &Paths) -> Result<(), TernError> {
        save_to(self, &paths.settings_file())
    }
}

fn save_to(prefs: &Prefs, path: &Path) -> Result<(), TernError> {
    let io = |e: String| {
        TernError::new(
            ErrorKind::Config,
            format!("Could not save {}: {e}", path.display()),
        )
        .with_text(crate::core::Text::new("err-settings-not-saved").arg("path", path.display().to_string()))
    };
    let mut table: toml::Table = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let ui = toml::Value::try_from(prefs).map_err(|e| io(e.to_string()))?;
    table.insert("ui".into(), ui);
    let text = toml::to_string_pretty(&table).map_err(|e| io(e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io(e.to_string()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io(e.to_string()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| io(e.to_string()))?;
    tmp.persist(path).map_err(|e| io(e.error.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_other_tables() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = Paths {
            config_dir: dir.path().into(),
            data_dir: dir.path().into(),
        };
        std::fs::write(paths.settings_file(), "[other]\nkeep = 1\n").expect("write");
        let mut p = Prefs::load(&paths);
        assert_eq!(p, Prefs::default());
        p.window_width = 900.0;
        p.save_dirs.insert("work".into(), "/tmp/x".into());
        p.save(&paths).expect("save");
        assert_eq!(Prefs::load(&paths), p);
        let text = std::fs::read_to_string(paths.settings_file()).expect("read");
        assert!(text.contains("keep = 1"), "{text}");
    }

    #[test]
    fn broken_values_fall_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = Paths {
            config_dir: dir.path().into(),
            data_dir: dir.path().into(),
        };
        std::fs::write(
            paths.settings_file(),
            "[ui]\nwindow_width = -5.0\nlist_ratio = \"x\"\n",
        )
        .expect("write");
        assert_eq!(Prefs::load(&paths).window_width, Prefs::default().window_width);
    }
}
