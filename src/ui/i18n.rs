//! Fluent strings (i18n/<lang>/tern.ftl), embedded in the binary. View code uses `fl!`;
//! no user-visible literal lives in the views.

use std::sync::LazyLock;

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "i18n/"]
pub(crate) struct Localizations;

/// The loader, set to the desktop's preferred languages with en-US as the fallback.
pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = fluent_language_loader!();
    let requested = requested_languages();
    if i18n_embed::select(&loader, &Localizations, &requested).is_err() {
        // The fallback language is compiled in; failing to load it is a build error.
        let _ = loader.load_fallback_language(&Localizations);
    }
    // No Unicode isolation marks around arguments: labels are matched and drawn as is.
    loader.set_use_isolating(false);
    loader
});

/// The user's languages. A C or POSIX locale (containers, CI: `LANG=C.UTF-8`) means
/// plain English, quietly: the desktop requester would log that it cannot parse it.
fn requested_languages() -> Vec<i18n_embed::unic_langid::LanguageIdentifier> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let locale = var("LC_ALL")
        .or_else(|| var("LC_MESSAGES"))
        .or_else(|| var("LANG"));
    if locale.as_deref().is_some_and(is_c_locale) {
        return "en-US".parse().into_iter().collect();
    }
    DesktopLanguageRequester::requested_languages()
}

/// "C", "C.UTF-8", "POSIX": the locale of no language.
fn is_c_locale(value: &str) -> bool {
    let base = value.split(['.', '@']).next().unwrap_or("");
    base == "C" || base == "POSIX"
}

/// Looks up a message: `fl!("welcome-title")`, `fl!("key", name = value)`.
#[macro_export]
macro_rules! fl {
    ($id:literal) => {{ i18n_embed_fl::fl!($crate::ui::i18n::LOADER, $id) }};
    ($id:literal, $($args:tt)*) => {{ i18n_embed_fl::fl!($crate::ui::i18n::LOADER, $id, $($args)*) }};
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::Localizations;

    fn ids(lang: &str) -> BTreeSet<String> {
        let file =
            Localizations::get(&format!("{lang}/tern.ftl")).unwrap_or_else(|| panic!("{lang} is embedded"));
        let text = String::from_utf8_lossy(&file.data).into_owned();
        text.lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
            .filter(|id| {
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn c_and_posix_locales_mean_english() {
        for c in ["C", "C.UTF-8", "C.utf8", "POSIX"] {
            assert!(super::is_c_locale(c), "{c}");
        }
        for other in ["de_DE.UTF-8", "fr_FR", "Catalan", "ca_ES.UTF-8"] {
            assert!(!super::is_c_locale(other), "{other}");
        }
    }

    #[test]
    fn every_language_is_complete() {
        let english = ids("en-US");
        assert!(english.len() > 100);
        for lang in ["de", "fr"] {
            let other = ids(lang);
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }
}
