//! The setup form: address and password, the advanced server settings, the test's
//! progress or failure, and the actions.

use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length};

use super::{CA_FILE_ID, CHOICES, EMAIL_ID, Message, Mode, PASSWORD_ID, Phase, SecurityChoice, Setup};
use crate::core::ErrorKind;
use crate::fl;
use crate::ui::errors;
use crate::ui::theme;
use crate::ui::widget::{Icon, icon, muted};

impl Setup {
    pub fn view(&self, can_cancel: bool) -> Element<'_, Message> {
        let editable = matches!(self.phase, Phase::Editing | Phase::Failed(_));
        let field = |label: String, input: Element<'static, Message>| -> Element<'static, Message> {
            column![text(label).size(theme::SMALL).font(theme::SEMIBOLD), input]
                .spacing(4)
                .into()
        };
        let input = |id: &'static str, placeholder: String, value: &str, on: fn(String) -> Message| {
            let t = text_input(&placeholder, value)
                .id(id)
                .padding(8)
                .size(theme::TEXT);
            if editable {
                t.on_input(on).on_submit(Message::Connect)
            } else {
                t
            }
        };

        let (title, intro) = match (&self.mode, self.first_run) {
            (Mode::Add, true) => (fl!("welcome-title"), Some(fl!("welcome-body"))),
            (Mode::Add, false) => (fl!("setup-add-title"), None),
            (Mode::Edit(name), _) => (fl!("setup-edit-title", name = name.clone()), None),
        };
        let mut form = column![
            row![icon(Icon::Mail, 28.0), text(title).size(24).font(theme::SEMIBOLD)]
                .spacing(12)
                .align_y(Alignment::Center)
        ]
        .spacing(14);
        if let Some(intro) = intro {
            form = form.push(text(intro).size(theme::TEXT).style(theme::muted_text));
        }
        form = form.push(field(
            fl!("setup-email"),
            input(
                EMAIL_ID,
                fl!("setup-email-placeholder"),
                &self.email,
                Message::Email,
            )
            .into(),
        ));
        let pw_hint = match self.mode {
            Mode::Add => fl!("setup-password-placeholder"),
            Mode::Edit(_) => fl!("setup-password-keep"),
        };
        if self.password_command.is_none() && self.oauth.is_none() {
            form = form.push(field(
                fl!("setup-password"),
                input(PASSWORD_ID, pw_hint, &self.password, Message::Password)
                    .secure(true)
                    .into(),
            ));
        }

        if let Some(found) = self.discovery_text() {
            form = form.push(muted(found));
        }

        let toggle = button(
            row![
                icon(
                    if self.advanced {
                        Icon::ChevronDown
                    } else {
                        Icon::ChevronRight
                    },
                    14.0
                ),
                text(fl!("setup-advanced")).size(theme::SMALL)
            ]
            .spacing(4)
            .align_y(Alignment::Center),
        )
        .style(theme::flat)
        .padding([4, 6])
        .on_press(Message::ToggleAdvanced);
        form = form.push(toggle);
        if self.advanced {
            if matches!(self.mode, Mode::Add) {
                form = form.push(field(
                    fl!("setup-name"),
                    input(
                        "setup-name",
                        fl!("setup-name-placeholder"),
                        &self.name,
                        Message::Name,
                    )
                    .into(),
                ));
            }
            let security =
                pick_list(CHOICES, Some(SecurityChoice(self.security)), Message::Security).padding(8);
            form = form
                .push(
                    row![
                        container(field(
                            fl!("setup-host"),
                            input("setup-host", "imap.example.org".into(), &self.host, Message::Host).into()
                        ))
                        .width(Length::FillPortion(3)),
                        container(field(
                            fl!("setup-port"),
                            input("setup-port", "993".into(), &self.port, Message::Port).into()
                        ))
                        .width(Length::FillPortion(1)),
                    ]
                    .spacing(10),
                )
                .push(field(fl!("setup-security"), security.into()))
                .push(field(
                    fl!("setup-username"),
                    input(
                        "setup-username",
                        fl!("setup-username-placeholder"),
                        &self.username,
                        Message::Username,
                    )
                    .into(),
                ))
                .push(field(
                    fl!("setup-display-name"),
                    input(
                        "setup-display-name",
                        fl!("setup-display-name-placeholder"),
                        &self.display_name,
                        Message::DisplayName,
                    )
                    .into(),
                ))
                .push(
                    row![
                        container(field(
                            fl!("setup-smtp-host"),
                            input(
                                "setup-smtp-host",
                                "smtp.example.org".into(),
                                &self.smtp_host,
                                Message::SmtpHost
                            )
                            .into()
                        ))
                        .width(Length::FillPortion(3)),
                        container(field(
                            fl!("setup-smtp-port"),
                            input(
                                "setup-smtp-port",
                                "465".into(),
                                &self.smtp_port,
                                Message::SmtpPort
                            )
                            .into()
                        ))
                        .width(Length::FillPortion(1)),
                    ]
                    .spacing(10),
                )
                .push(field(
                    fl!("setup-smtp-security"),
                    pick_list(
                        CHOICES,
                        Some(SecurityChoice(self.smtp_security)),
                        Message::SmtpSecurity,
                    )
                    .padding(8)
                    .into(),
                ))
                .push(
                    column![
                        text(fl!("setup-signature"))
                            .size(theme::SMALL)
                            .font(theme::SEMIBOLD),
                        iced::widget::text_editor(&self.signature)
                            .id("setup-signature")
                            .placeholder(fl!("setup-signature-placeholder"))
                            .on_action(Message::Signature)
                            .size(theme::TEXT)
                            .padding(8)
                            .height(80)
                    ]
                    .spacing(4),
                )
                .push(field(
                    fl!("setup-ca-file"),
                    row![
                        input(
                            CA_FILE_ID,
                            fl!("setup-ca-file-placeholder"),
                            &self.ca_file,
                            Message::CaFile
                        ),
                        button(text(fl!("setup-browse")).size(theme::SMALL))
                            .padding([8, 12])
                            .on_press_maybe(editable.then_some(Message::BrowseCa))
                    ]
                    .spacing(8)
                    .into(),
                ));
            if self.no_file_dialog {
                form = form.push(muted(fl!("setup-no-file-dialog")));
            }
        }

        match &self.phase {
            Phase::Testing => {
                form = form.push(
                    row![
                        icon(Icon::Refresh, 16.0),
                        text(match &self.oauth {
                            Some(_) => fl!("setup-oauth-waiting"),
                            None => fl!("setup-testing", host = self.host.trim().to_string()),
                        })
                        .size(theme::TEXT)
                    ]
                    .spacing(8),
                );
            }
            Phase::Failed(e) => {
                let headline = if e.kind == ErrorKind::Config {
                    errors::detail(e)
                } else {
                    errors::headline(e)
                };
                let mut body = column![text(headline).size(theme::TEXT)].spacing(4);
                // A refused password: the headline already says what to check, here on
                // this form; the engine's sentence would only repeat it.
                if !matches!(e.kind, ErrorKind::Config | ErrorKind::Auth) {
                    body = body.push(muted(errors::detail(e)));
                }
                form = form.push(
                    container(body)
                        .padding(10)
                        .width(Length::Fill)
                        .style(theme::error_box),
                );
            }
            Phase::NoKeychain(e) => {
                form = form.push(
                    container(
                        column![
                            text(fl!("setup-no-keychain")).size(theme::TEXT),
                            muted(errors::detail(e)),
                            // One Cancel only: the form's own, below.
                            button(text(fl!("setup-keep-session"))).on_press(Message::KeepForSession),
                        ]
                        .spacing(8),
                    )
                    .padding(10)
                    .width(Length::Fill)
                    .style(theme::notice),
                );
            }
            Phase::Editing | Phase::Discovering => {}
        }

        let connect_label = match (&self.mode, self.oauth_button()) {
            (Mode::Add, Some(sign_in)) => sign_in,
            (Mode::Add, None) => fl!("setup-connect"),
            (Mode::Edit(_), _) => fl!("setup-save"),
        };
        let mut actions = row![].spacing(8);
        if can_cancel || matches!(self.phase, Phase::NoKeychain(_)) {
            actions = actions.push(
                button(text(fl!("cancel")))
                    .style(button::secondary)
                    .padding([8, 16])
                    .on_press(Message::Cancel),
            );
        }
        if let (Mode::Edit(_), Some(sign_in)) = (&self.mode, self.oauth_button()) {
            actions = actions.push(
                button(text(sign_in))
                    .style(button::secondary)
                    .padding([8, 16])
                    .on_press_maybe(editable.then_some(Message::SignInAgain)),
            );
        }
        actions = actions.push(
            button(text(connect_label).font(theme::SEMIBOLD))
                .padding([8, 16])
                .on_press_maybe(editable.then_some(Message::Connect)),
        );
        form = form.push(container(actions).align_right(Length::Fill));

        let card = container(form).padding(28).max_width(520).style(theme::dialog);
        let screen = container(scrollable(container(card).center_x(Length::Fill).padding(32)))
            .center(Length::Fill)
            .style(theme::sidebar);
        crate::ui::widget::toast::over_all(screen, self.cert_dialog())
    }
}
