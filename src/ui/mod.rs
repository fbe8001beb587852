//! The iced application. Only this module uses iced.

pub mod i18n;

use iced::widget::{button, column, container, text};
use iced::{Element, Length};

use crate::core::{ErrorKind, TernError};
use crate::fl;

#[derive(Debug, Default)]
pub struct App;

#[derive(Debug, Clone)]
pub enum Message {
    AddAccount,
}

impl App {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::AddAccount => {}
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let content = column![
            text(fl!("welcome-title")).size(28),
            text(fl!("welcome-body")),
            button(text(fl!("welcome-add-account"))).on_press(Message::AddAccount),
        ]
        .spacing(16);
        container(content).center(Length::Fill).into()
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> Result<(), TernError> {
    iced::application(App::default, App::update, App::view)
        .title(|_: &App| fl!("app-title"))
        .window_size((1100.0, 720.0))
        .run()
        .map_err(|e| TernError::new(ErrorKind::Config, format!("The window could not be opened: {e}")))
}
