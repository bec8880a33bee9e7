//! What screens hand back to the app: effects for the shell, an overlay to
//! open, a flash message, a question to ask. Screens import this module,
//! never the app, so the app can import every screen without a circle.

use std::convert::Infallible;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

/// What the shell should do after an update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    pub bell: bool,
    pub save: bool,
    pub quit: bool,
    /// Read this record and answer with `Msg::Opened`.
    pub open: Option<PathBuf>,
    /// Write this follow-up record and answer with `Msg::FollowUpSaved`.
    pub follow_up: Option<FollowUpSave>,
    /// Rewrite a note of an earlier record and answer with `Msg::Amended`.
    pub amend: Option<crate::record::amend::AmendRequest>,
}

/// A follow-up record to write: changes to earlier action items made
/// outside a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpSave {
    /// The sitting's file once written; `None` names a new one in
    /// `sessions_dir` (naming looks at the folder, which the shell does).
    pub path: Option<PathBuf>,
    pub sessions_dir: PathBuf,
    pub record: crate::record::followup::FollowUp,
}

impl FollowUpSave {
    /// Where to write: the sitting's file, or a new name free in the folder.
    pub fn target(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| {
            crate::record::followup::new_path(
                &self.sessions_dir,
                self.record.saved_at,
                self.record.group.as_ref().map(|g| g.id.as_str()),
            )
        })
    }
}

impl Effects {
    pub fn merge(&mut self, other: Effects) {
        self.bell |= other.bell;
        self.save |= other.save;
        self.quit |= other.quit;
        if other.open.is_some() {
            self.open = other.open;
        }
        if other.follow_up.is_some() {
            self.follow_up = other.follow_up;
        }
        if other.amend.is_some() {
            self.amend = other.amend;
        }
    }

    pub fn save() -> Effects {
        Effects {
            save: true,
            ..Effects::default()
        }
    }
}

/// A short message in the header that fades after a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub until: DateTime<Utc>,
    pub error: bool,
}

/// A question that needs an answer before anything else happens. `A` is
/// the answer's value, which only the screen that asked understands: the
/// app hands it back to that screen unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm<A> {
    pub title: String,
    pub text: String,
    /// Extra answers besides yes/no: (key, label, what it does).
    pub choices: Vec<(char, String, A)>,
    /// What "yes" (y or Enter) does; `None` when only the choices apply.
    pub yes: Option<A>,
}

impl<A> Confirm<A> {
    /// A yes/no question whose yes is `yes`.
    pub fn yes_no(title: impl Into<String>, text: impl Into<String>, yes: A) -> Confirm<A> {
        Confirm {
            title: title.into(),
            text: text.into(),
            choices: Vec::new(),
            yes: Some(yes),
        }
    }

    /// The same question with its answers wrapped, e.g. in the app's note of who asked.
    pub fn map<B>(self, f: impl Fn(A) -> B) -> Confirm<B> {
        Confirm {
            title: self.title,
            text: self.text,
            choices: self
                .choices
                .into_iter()
                .map(|(k, l, a)| (k, l, f(a)))
                .collect(),
            yes: self.yes.map(f),
        }
    }
}

/// Something drawn over the screen that takes the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay<A> {
    Help,
    Confirm(Confirm<A>),
}

impl<A> Overlay<A> {
    pub fn map<B>(self, f: impl Fn(A) -> B) -> Overlay<B> {
        match self {
            Overlay::Help => Overlay::Help,
            Overlay::Confirm(c) => Overlay::Confirm(c.map(f)),
        }
    }
}

/// What a screen's key handler asks for. `A` is the screen's answer to its
/// own questions; `G` is where it can lead (the next screen), if anywhere.
#[derive(Debug)]
pub struct Outcome<A, G = Infallible> {
    pub effects: Effects,
    pub overlay: Option<Overlay<A>>,
    pub flash: Option<String>,
    pub goto: Option<G>,
}

impl<A, G> Default for Outcome<A, G> {
    fn default() -> Self {
        Outcome {
            effects: Effects::default(),
            overlay: None,
            flash: None,
            goto: None,
        }
    }
}

impl<A, G> Outcome<A, G> {
    pub fn effects(effects: Effects) -> Self {
        Outcome {
            effects,
            ..Outcome::default()
        }
    }

    pub fn overlay(o: Overlay<A>) -> Self {
        Outcome {
            overlay: Some(o),
            ..Outcome::default()
        }
    }

    pub fn help() -> Self {
        Outcome::overlay(Overlay::Help)
    }

    pub fn confirm(c: Confirm<A>) -> Self {
        Outcome::overlay(Overlay::Confirm(c))
    }

    pub fn flash(text: impl Into<String>) -> Self {
        Outcome {
            flash: Some(text.into()),
            ..Outcome::default()
        }
    }

    pub fn goto(next: G) -> Self {
        Outcome {
            goto: Some(next),
            ..Outcome::default()
        }
    }

    pub fn quit() -> Self {
        Outcome::effects(Effects {
            quit: true,
            ..Effects::default()
        })
    }

    /// The same outcome with its answers and destination wrapped.
    pub fn map<B, H>(self, answer: impl Fn(A) -> B, goto: impl FnOnce(G) -> H) -> Outcome<B, H> {
        Outcome {
            effects: self.effects,
            overlay: self.overlay.map(|o| o.map(answer)),
            flash: self.flash,
            goto: self.goto.map(goto),
        }
    }
}
