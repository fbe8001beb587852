//! Tern's light and dark themes (following the system) and the styles of its widgets.

pub mod icon;

use std::sync::LazyLock;

use iced::theme::{Mode, Palette};
use iced::widget::{button, container, text};
use iced::{Background, Border, Color, Font, Theme, color, font};

static LIGHT: LazyLock<Theme> = LazyLock::new(|| {
    Theme::custom(
        "Tern Light",
        Palette {
            background: color!(0xffffff),
            text: color!(0x1f2328),
            primary: color!(0x1f6feb),
            success: color!(0x1a7f37),
            warning: color!(0x9a6700),
            danger: color!(0xcf222e),
        },
    )
});

static DARK: LazyLock<Theme> = LazyLock::new(|| {
    Theme::custom(
        "Tern Dark",
        Palette {
            background: color!(0x1b1e23),
            text: color!(0xe6e8eb),
            primary: color!(0x4493f8),
            success: color!(0x3fb950),
            warning: color!(0xd29922),
            danger: color!(0xf85149),
        },
    )
});

/// The theme for the system's light/dark preference.
pub fn for_mode(mode: Mode) -> Theme {
    match mode {
        Mode::Dark => DARK.clone(),
        Mode::Light | Mode::None => LIGHT.clone(),
    }
}

pub const REGULAR: Font = Font::with_name("Fira Sans");
pub const SEMIBOLD: Font = Font {
    weight: font::Weight::Semibold,
    ..REGULAR
};
pub const ITALIC: Font = Font {
    style: font::Style::Italic,
    ..REGULAR
};
pub const MONO: Font = Font::MONOSPACE;

/// Font files bundled with the binary (Fira Sans Regular comes with iced).
pub const FONT_FILES: [&[u8]; 2] = [
    include_bytes!("../../../resources/fonts/FiraSans-SemiBold.ttf"),
    include_bytes!("../../../resources/fonts/FiraSans-Italic.ttf"),
];

pub const TEXT: f32 = 15.0;
pub const SMALL: f32 = 13.0;
pub const HEADING: f32 = 20.0;

fn mix(a: Color, b: Color, t: f32) -> Color {
    Color {
        r: a.r + (b.r - a.r) * t,
        g: a.g + (b.g - a.g) * t,
        b: a.b + (b.b - a.b) * t,
        a: a.a + (b.a - a.a) * t,
    }
}

/// Secondary text (dates, sizes, hints).
pub fn muted(theme: &Theme) -> Color {
    let p = theme.palette();
    mix(p.text, p.background, 0.4)
}

/// The sidebar and status bar background.
pub fn sidebar_color(theme: &Theme) -> Color {
    let p = theme.palette();
    if theme.extended_palette().is_dark {
        mix(p.background, Color::BLACK, 0.25)
    } else {
        mix(p.background, color!(0xe8ecf1), 0.7)
    }
}

fn selection_color(theme: &Theme) -> Color {
    let p = theme.palette();
    mix(
        p.background,
        p.primary,
        if theme.extended_palette().is_dark {
            0.35
        } else {
            0.16
        },
    )
}

fn hover_color(theme: &Theme) -> Color {
    let p = theme.palette();
    mix(p.background, p.text, 0.06)
}

pub fn muted_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(muted(theme)),
    }
}

pub fn danger_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.palette().danger),
    }
}

pub fn primary_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.palette().primary),
    }
}

pub fn sidebar(theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(sidebar_color(theme))),
        text_color: Some(theme.palette().text),
        ..container::Style::default()
    }
}

pub fn pane(theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(theme.palette().background)),
        text_color: Some(theme.palette().text),
        ..container::Style::default()
    }
}

/// A rounded, bordered box (attachment chips, cards).
pub fn card(theme: &Theme) -> container::Style {
    let p = theme.palette();
    container::Style {
        background: Some(Background::Color(mix(p.background, p.text, 0.04))),
        border: Border {
            color: mix(p.background, p.text, 0.15),
            width: 1.0,
            radius: 8.0.into(),
        },
        text_color: Some(p.text),
        ..container::Style::default()
    }
}

/// A notice strip (remote content blocked, keychain unavailable).
pub fn notice(theme: &Theme) -> container::Style {
    let p = theme.palette();
    container::Style {
        background: Some(Background::Color(mix(p.background, p.warning, 0.14))),
        border: Border {
            color: mix(p.background, p.warning, 0.45),
            width: 1.0,
            radius: 6.0.into(),
        },
        text_color: Some(p.text),
        ..container::Style::default()
    }
}

/// An error strip.
pub fn error_box(theme: &Theme) -> container::Style {
    let p = theme.palette();
    container::Style {
        background: Some(Background::Color(mix(p.background, p.danger, 0.12))),
        border: Border {
            color: mix(p.background, p.danger, 0.45),
            width: 1.0,
            radius: 6.0.into(),
        },
        text_color: Some(p.text),
        ..container::Style::default()
    }
}

/// A dialog or card over the window: an opaque box with a clear border and no shadow.
/// tiny-skia (the renderer without a GPU) redraws only the damaged part of a frame but
/// paints a blurred shadow over its whole extent, so every keystroke or cursor blink
/// added another translucent layer until the card was black (issue "What a new user
/// meets", item 1; tests/integration/ui/repaint.rs). A border in a stronger tone
/// separates the card from the window as well, and draws the same on every renderer.
pub fn dialog(theme: &Theme) -> container::Style {
    let p = theme.palette();
    container::Style {
        background: Some(Background::Color(p.background)),
        border: Border {
            color: mix(p.background, p.text, 0.3),
            width: 1.0,
            radius: 10.0.into(),
        },
        text_color: Some(p.text),
        ..container::Style::default()
    }
}

pub fn scrim(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color {
            a: 0.45,
            ..Color::BLACK
        })),
        ..container::Style::default()
    }
}

/// A row in a list (folders, messages): flat, highlighted when selected or hovered.
pub fn row(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let p = theme.palette();
        let background = if selected {
            Some(selection_color(theme))
        } else if matches!(status, button::Status::Hovered | button::Status::Pressed) {
            Some(hover_color(theme))
        } else {
            None
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: p.text,
            border: Border {
                radius: 6.0.into(),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// A quiet button (icons in toolbars, chip actions).
pub fn flat(theme: &Theme, status: button::Status) -> button::Style {
    let p = theme.palette();
    let background = match status {
        button::Status::Hovered | button::Status::Pressed => Some(Background::Color(hover_color(theme))),
        _ => None,
    };
    button::Style {
        background,
        text_color: if matches!(status, button::Status::Disabled) {
            muted(theme)
        } else {
            p.text
        },
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..button::Style::default()
    }
}

pub fn tooltip(theme: &Theme) -> container::Style {
    let p = theme.palette();
    container::Style {
        background: Some(Background::Color(mix(p.text, p.background, 0.1))),
        text_color: Some(p.background),
        border: Border {
            radius: 4.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// A thin separator line colour.
pub fn divider(theme: &Theme) -> container::Style {
    let p = theme.palette();
    container::Style {
        background: Some(Background::Color(mix(p.background, p.text, 0.12))),
        ..container::Style::default()
    }
}
