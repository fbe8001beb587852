//! What the window is given from outside (no globals): the directories, the keychain
//! and the worker timings. Tests inject temp dirs and their own secret store.

use std::sync::Arc;

use super::db::Db;
use super::secrets::Secrets;
use crate::config::{Paths, SecretStore};
use crate::engine::Tuning;

#[derive(Debug, Clone)]
pub struct Env {
    pub paths: Paths,
    pub secrets: Arc<Secrets>,
    pub tuning: Tuning,
    pub db: Db,
    /// Where account discovery looks (TERN_DNS_SERVER etc.; tests point it at their servers).
    pub discover: crate::discover::DiscoverConfig,
    /// Limits and trust of fetching remote images (TERN_REMOTE_IMAGES_CA for tests).
    pub remote_images: crate::engine::remote_images::RemoteImagesConfig,
}

impl Env {
    pub fn new(paths: Paths, keychain: Arc<dyn SecretStore>) -> Env {
        let db = Db::new(paths.cache_db());
        Env {
            paths,
            secrets: Arc::new(Secrets::new(keychain)),
            tuning: Tuning::default(),
            db,
            discover: crate::discover::DiscoverConfig::from_env().unwrap_or_default(),
            remote_images: crate::engine::remote_images::RemoteImagesConfig::from_env(),
        }
    }

    /// Where attachments opened with another application are saved.
    pub fn opened_dir(&self) -> std::path::PathBuf {
        self.paths.data_dir.join("opened")
    }
}
